// The few statistics the benchmarks report. Every time figure is given as min / median / max
// over repeated runs, because this machine is shared and noisy.

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** { min, median, max } of a list of numbers. */
export function summarize(values) {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values), runs: values.length };
}
