import { UsageError } from '../../errors.js';
import type { ProviderName } from '../parse.js';
import { ALIASES, MODELS, type ModelSpec, type Region } from './catalogue.js';

export interface ResolvedModel {
  /** What is sent as `model`. */
  id: string;
  /** null: a model this version does not know; only the generic checks apply. */
  spec: ModelSpec | null;
}

const REGION_NAME: Record<Region, string> = { ark: 'Volcengine Ark', byteplus: 'BytePlus' };

/** The id a provider knows a model by: the gateway's channel alias, else its Volcengine id. */
export function providerId(spec: ModelSpec, provider: ProviderName): string | undefined {
  if (provider === 'gateway') return spec.gateway ?? spec.ids.ark;
  return spec.ids[provider];
}

function region(provider: ProviderName): Region {
  return provider === 'byteplus' ? 'byteplus' : 'ark';
}

/** The model an id or alias names on any provider (for rules that do not depend on the provider). */
export function findModel(name: string): ModelSpec | null {
  return (
    MODELS.find(
      (spec) =>
        spec.alias === name ||
        spec.gateway === name ||
        Object.values(spec.ids).includes(name) ||
        spec.also?.includes(name),
    ) ?? null
  );
}

/**
 * `-m 2.0` → the provider's id; a known id → its entry. A known model under another provider's name is refused
 * with the right one (BytePlus answers 404 to `doubao-` ids, models.md); an unknown id is sent as given.
 */
export function resolveModel(name: string, provider: ProviderName): ResolvedModel {
  const spec = findModel(name);
  if (!spec) return { id: name, spec: null };
  const where = region(provider);
  const gone = spec.gone?.[where];
  if (gone) {
    throw new UsageError(`${spec.name} is gone: ${gone}`, {
      code: 'model_gone',
      hint: `see \`seedance models --provider ${provider}\` for the models it serves`,
    });
  }
  const id = providerId(spec, provider);
  if (id === undefined) {
    throw new UsageError(`${spec.name} has no id on ${REGION_NAME[where]}`, {
      code: 'model_not_on_provider',
      hint: `see \`seedance models --provider ${provider}\``,
    });
  }
  const mine = [id, spec.alias, spec.ids[where], ...(where === 'byteplus' ? [] : (spec.also ?? []))];
  if (provider === 'gateway' && spec.gateway) mine.push(spec.ids.ark as string);
  if (where === 'byteplus') mine.push(...(spec.also ?? []).filter((other) => other.startsWith('dreamina-')));
  if (!mine.includes(name)) {
    const label = provider === 'gateway' ? 'gateway' : REGION_NAME[where];
    const knows = provider === 'gateway' ? 'the gateway' : label;
    throw new UsageError(`${name} is not a ${label} model id: ${knows} knows ${spec.name} as ${id}`, {
      code: 'model_wrong_provider',
      hint: `use -m ${spec.alias} (or -m ${id})`,
    });
  }
  return { id: name === spec.alias ? id : name, spec };
}

export function describeAliases(): string {
  return ALIASES.join(', ');
}
