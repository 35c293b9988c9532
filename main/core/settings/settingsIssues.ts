export { toValidationIssues as toSettingIssues, type ValidationIssue as SettingIssue } from '../ipc/validationIssues.js';
