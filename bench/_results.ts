import fs from 'node:fs';
import path from 'node:path';

export const benchRoot = path.resolve(import.meta.dirname, '..', '..');

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** Us ÷ baseline, measured in the same run (or baseline ÷ us for "higher is better": see `better`). */
  ratio: number;
  [extra: string]: unknown;
}

export function writeResult(result: BenchResult) {
  const dir = path.join(benchRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.name}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...result, measuredAt: new Date().toISOString(), node: process.version }, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  console.log(`→ ${path.relative(benchRoot, file)}`);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
