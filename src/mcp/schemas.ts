import * as z from 'zod';

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

/** What create_video and estimate_cost take: the CLI's create flags. */
export const requestShape = {
  prompt: z.string().min(1).describe('what the video shows; put camera moves and style here too'),
  model: z.string().optional().describe('a model alias or id from list_models (default: the configured model)'),
  ratio: z.string().optional().describe('aspect ratio, e.g. 16:9, 9:16, 1:1, adaptive'),
  duration: z.number().int().optional().describe('seconds (usually 4-15; -1 lets the model choose)'),
  resolution: z.string().optional().describe('480p, 720p, 1080p (4k on 2.0 only)'),
  audio: z.boolean().optional().describe('generate sound (default on for models that make sound)'),
  seed: z.number().int().optional().describe('-1 (random) to 4294967295'),
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
