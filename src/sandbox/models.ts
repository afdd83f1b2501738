/** The gateway's channel aliases; it reports the upstream name, not the alias (gateway-api.md §1). */
const GATEWAY_ALIASES: Record<string, string> = {
  'sd2.0': 'doubao-seedance-2-0-260128',
  'sd2.0-fast': 'doubao-seedance-2-0-fast-260128',
  'sd2.0-mini': 'doubao-seedance-2-0-mini-260615',
};

const SEEDANCE_MODEL = /^(doubao-|dreamina-)?seedance-/;

/** The upstream model a gateway create reports, or null when no channel serves the name. */
export function gatewayModel(name: string): string | null {
  return GATEWAY_ALIASES[name] ?? (SEEDANCE_MODEL.test(name) ? name : null);
}

/** The model an Ark task reports; endpoint ids (`ep-…`) stand for the 2.0 model. Null: unknown model. */
export function arkModel(name: string): string | null {
  if (/^ep-[\w-]+$/.test(name)) return 'doubao-seedance-2-0-260128';
  return SEEDANCE_MODEL.test(name) ? name : null;
}
