import * as z from 'zod';
import { PARAMS, type Param } from '../core/params/table.js';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired', 'unknown'] as const;

/** The normalised Task (DESIGN §4), as `seedance status --json` prints it. */
export const taskSchema = z.looseObject({
  id: z.string(),
  model: z.string().nullable(),
  status: z.enum(STATUSES),
  progress: z.number().nullable(),
  video_url: z.string().nullable(),
  error: z.object({ code: z.string().nullable(), message: z.string() }).nullable(),
  created_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  cost: z.looseObject({ tokens: z.number(), price: z.number(), currency: z.string() }).nullable(),
});

export const estimateSchema = z.looseObject({
  tokens: z.number(),
  price: z.number().nullable(),
  currency: z.string().nullable(),
  note: z.string(),
  assumed: z.array(z.string()),
});

const media = z.string().describe('a local file path (under the allowed folders), or an https:// or asset:// URL');

/** A create parameter's argument name: its flag's, in snake_case (`camera-fixed` → `camera_fixed`). */
export const argName = (row: Param) => row.key.replaceAll('-', '_');

function paramField(row: Param) {
  const choices = row.choices ? ` (${row.choices.join(', ')})` : '';
  const kind = {
    string: z.string(),
    number: z.number(),
    boolean: z.boolean(),
    strings: z.array(z.string()),
    expires: z.union([z.string(), z.number()]),
  }[row.kind];
  return kind.optional().describe(`${row.help}${choices}`);
}

/**
 * What create_video and estimate_cost take: the prompt, model and media, and every row of the parameter table (the
 * CLI's create flags), so a parameter added there is a tool argument too. Unknown arguments are refused, not dropped:
 * a misspelt `watermark` must not become a paid task without one.
 */
export const requestShape = {
  prompt: z.string().min(1).describe('what the video shows; put camera moves and style here too'),
  model: z.string().optional().describe('a model alias or id from list_models (default: the configured model)'),
  ...(Object.fromEntries(PARAMS.map((row) => [argName(row), paramField(row)])) as Record<
    string,
    ReturnType<typeof paramField>
  >),
  first_frame: media.optional().describe('image the video starts from (local path or URL)'),
  last_frame: media.optional().describe('image the video ends on (with first_frame)'),
  reference_images: z.array(media).optional().describe('reference images (local paths or URLs)'),
  reference_videos: z.array(z.string()).optional().describe('reference videos: https:// or asset:// URLs only'),
  reference_audios: z.array(z.string()).optional().describe('reference audio: https:// or asset:// URLs only'),
};

/** The CLI's `--json` error (schema/error.schema.json): what an isError result carries in its structured content. */
export const errorSchema = z.object({
  code: z.string(),
  message: z.string(),
  exit_code: z.number().int(),
  hint: z.string().optional(),
});

/**
 * A tool's output schema: all of `shape`, or (an isError result) `error` with whatever the failure still knows, such
 * as the failed task. Clients validate the structured content of error results against it too.
 */
export function outputSchema<S extends z.ZodRawShape>(shape: S) {
  return z
    .object(shape)
    .partial()
    .extend({ error: errorSchema.optional() })
    .meta({ anyOf: [{ required: Object.keys(shape) }, { required: ['error'] }] });
}
