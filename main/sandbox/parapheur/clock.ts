export { SimClock } from '../simClock.js';
export { formatParisHuman, formatParisIso } from '../parisTime.js';
