export interface ModelFamily {
  /** 'unknown' for endpoint ids (`ep-…`) and models this version does not know: no model-specific rule applies. */
  version: '1.0' | '1.5' | '2.0' | 'unknown';
  variant: 'standard' | 'fast' | 'mini' | 'lite' | 'pro' | 'pro-fast';
}

/** Which Seedance a model id or gateway alias (`sd2.0-fast`) names (ark-api.md §1). */
export function modelFamily(model: string): ModelFamily {
  const alias = /^sd2\.0(?:-(fast|mini))?$/.exec(model);
  if (alias) return { version: '2.0', variant: (alias[1] as 'fast' | 'mini' | undefined) ?? 'standard' };
  const two = /seedance-2-0(?:-(fast|mini))?-\d{6}$/.exec(model);
  if (two) return { version: '2.0', variant: (two[1] as 'fast' | 'mini' | undefined) ?? 'standard' };
  if (/seedance-1-5-pro-\d{6}$/.test(model)) return { version: '1.5', variant: 'pro' };
  const one = /seedance-1-0-(lite-t2v|lite-i2v|pro-fast|pro)-\d{6}$/.exec(model);
  if (one) return { version: '1.0', variant: one[1]!.startsWith('lite') ? 'lite' : (one[1] as 'pro' | 'pro-fast') };
  return { version: 'unknown', variant: 'standard' };
}

/** The resolution the model renders when none is sent (ark-api.md §2.1: 1.0 pro 1080p [read], 2.0 720p [3p]). */
export function defaultResolution(family: ModelFamily): string {
  return family.version === '1.0' && family.variant !== 'lite' ? '1080p' : '720p';
}
