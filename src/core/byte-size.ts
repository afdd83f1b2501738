const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  ki: 2 ** 10,
  kib: 2 ** 10,
  mi: 2 ** 20,
  mib: 2 ** 20,
  gi: 2 ** 30,
  gib: 2 ** 30,
  ti: 2 ** 40,
  tib: 2 ** 40,
};

/**
 * A size in bytes: `65536`, `500k`, `200MB`, `1.5GB` (decimal: k = 10^3, M = 10^6, G = 10^9) or `64KiB`, `1GiB`
 * (binary: Ki = 2^10, Mi = 2^20, Gi = 2^30); letters in any case. Rounded to whole bytes.
 */
export function parseByteSize(text: string, name: string, min: number, max: number): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[match?.[2]?.toLowerCase() ?? 'x'];
  if (!match || unit === undefined) {
    throw new Error(`${name} must be a size in bytes, e.g. 65536, 500k, 200MB, 1GiB; got "${text}"`);
  }
  const bytes = Math.round(Number(match[1]) * unit);
  if (bytes < min || bytes > max) {
    throw new Error(`${name} must be between ${formatBytes(min)} and ${formatBytes(max)}, got "${text}"`);
  }
  return bytes;
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['TiB', 2 ** 40],
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes} bytes`;
}
