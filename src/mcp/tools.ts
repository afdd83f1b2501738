import { basename } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { Task } from '../api/task.js';
import { isTerminal } from '../api/task.js';
import { modelRows } from '../core/models/rows.js';
import { fieldOf, PARAMS, parseParam } from '../core/params/table.js';
import type { ProviderName } from '../core/parse.js';
import { taskEndedError } from '../core/wait-task.js';
import { type CliError, UsageError, WaitTimeoutError } from '../errors.js';
import type { Seedance } from '../lib/client.js';
import type { CreateRequest } from '../lib/engine.js';
import { asCliError, errorJson } from '../output/output.js';
import { scrubSecrets } from '../output/sanitize.js';
import { checkMedia } from './paths.js';
import { argName, estimateSchema, outputSchema, requestShape, taskSchema } from './schemas.js';

export interface ToolDeps {
  seedance: Seedance;
  /** The provider the settings name: list_models shows its models. */
  provider: ProviderName;
  cwd: string;
  outputDir: string;
  /** The folders local media may come from (client roots or cwd, plus --allow-dir). */
  readable: () => Promise<string[]>;
  secrets: string[];
  fileUrl: (path: string) => string;
  log: (line: string) => void;
}

const DEFAULT_WAIT_S = 45;
/** Below the ~60 s after which clients give up on a call. */
const MAX_WAIT_S = 55;

const taskId = z.string().min(1).describe('the task id create_video returned');
const NEXT_WAIT = 'call wait_for_task with this id until done is true, then download_video';

type Request = z.infer<z.ZodObject<typeof requestShape>>;

export function registerTools(server: McpServer, deps: ToolDeps): void {
  const { seedance } = deps;
  const result = <T extends Record<string, unknown>>(summary: string, structured: T): CallToolResult => ({
    content: [{ type: 'text', text: summary }],
    structuredContent: structured,
  });
  // A failure (refused parameter, failed task, auth, quota, not found) is a tool result the agent can read: the CLI's
  // lines, and its `--json` error in the structured content beside what is still known (a failed task).
  const failure = (error: CliError, known: Record<string, unknown> = {}): CallToolResult => {
    const hint = error.hint ? `\nhint: ${error.hint}` : '';
    return {
      isError: true,
      content: [{ type: 'text', text: `error: ${error.message}${hint}\ncode: ${error.code} (exit ${error.exitCode})` }],
      structuredContent: { ...known, error: errorJson(error) },
    };
  };
  // Malformed arguments never get here: the SDK answers them before the handler runs. Every result is scrubbed.
  const guarded =
    <A>(handler: (args: A, extra: Extra) => Promise<CallToolResult>) =>
    async (args: A, extra: Extra): Promise<CallToolResult> => {
      let out: CallToolResult;
      try {
        out = await handler(args, extra);
      } catch (error) {
        out = failure(asCliError(error));
      }
      return scrubbed(out, deps.secrets);
    };

  /** Polls for at most `seconds`, with progress notifications when the request has a progressToken. */
  const waitBounded = async (id: string, seconds: number, extra: Extra): Promise<Task> => {
    const token = extra._meta?.progressToken;
    let last: Task | undefined;
    let polls = 0;
    const onProgress = (task: Task) => {
      last = task;
      if (token === undefined) return;
      polls += 1;
      const percent = task.progress === null ? '' : ` ${task.progress}%`;
      void extra
        .sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: polls, message: `${task.id}: ${task.status}${percent}` },
        })
        .catch(() => {});
    };
    try {
      return await seedance.wait(id, { timeout: Math.round(seconds * 1000), signal: extra.signal, onProgress });
    } catch (error) {
      if (extra.signal.aborted) deps.log(`wait for ${id}: cancelled by the client`);
      if (!(error instanceof WaitTimeoutError)) throw error;
      return last ?? (await seedance.get(id, { signal: extra.signal }));
    }
  };

  /** The task, whether to call again, the next call; a task that ended without a video is an isError result. */
  const ended = (task: Task, extra: Record<string, unknown>): CallToolResult => {
    const done = isTerminal(task.status);
    const next = !done
      ? `wait_for_task ${JSON.stringify({ id: task.id })}`
      : task.status === 'succeeded'
        ? `download_video ${JSON.stringify({ id: task.id })}`
        : 'nothing: the task ended without a video (create a new one)';
    const structured = { task, ...extra, done, next };
    if (done && task.status !== 'succeeded') return failure(taskEndedError(task), structured);
    return result(`${summary(task)}; next: ${next}`, structured);
  };

  const toRequest = async (args: Request): Promise<CreateRequest> => {
    const allowed = await deps.readable();
    const local = (value: string | undefined, field: string) =>
      value === undefined ? undefined : checkMedia(value, field, deps.cwd, allowed);
    const params: Record<string, unknown> = {};
    for (const row of PARAMS) {
      const name = argName(row);
      try {
        params[fieldOf(row.key)] = parseParam(row, (args as Record<string, unknown>)[name]);
      } catch (error) {
        // The parser names the flag (`priority must be …`); the agent wrote the argument.
        const message = (error as Error).message;
        throw new UsageError(
          `${name}: ${message.startsWith(`${row.key} `) ? message.slice(row.key.length + 1) : message}`,
        );
      }
    }
    return {
      ...params,
      prompt: args.prompt,
      model: args.model,
      firstFrame: local(args.first_frame, 'first_frame'),
      lastFrame: local(args.last_frame, 'last_frame'),
      refImage: args.reference_images?.map((v) => checkMedia(v, 'reference_images', deps.cwd, allowed)),
      refVideo: args.reference_videos,
      refAudio: args.reference_audios,
    };
  };

  server.registerTool(
    'create_video',
    {
      title: 'Create a video',
      description:
        'Starts a Seedance video generation task (paid: see estimate in the result, or call estimate_cost first; ' +
        'a 5 s 720p clip is about 108 900 tokens). Returns at once with the task id; rendering takes 30 s to several ' +
        `minutes: then ${NEXT_WAIT}. Local images must be under the allowed folders.`,
      inputSchema: z.strictObject({
        ...requestShape,
        wait_seconds: z
          .number()
          .positive()
          .max(MAX_WAIT_S)
          .optional()
          .describe('also wait up to this long for the task (as wait_for_task); default: return at once'),
      }),
      outputSchema: outputSchema({
        task: taskSchema,
        estimate: estimateSchema.nullable(),
        done: z.boolean(),
        next: z.string(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    guarded(async ({ wait_seconds, ...args }: Request & { wait_seconds?: number }, extra) => {
      const request = await toRequest(args);
      const estimate = await seedance.estimate(request).catch(() => null);
      const created = await seedance.create(request, { signal: extra.signal });
      let task = created;
      try {
        if (wait_seconds) task = await waitBounded(created.id, wait_seconds, extra);
      } catch (error) {
        // The task exists (and may be billed) even though the wait failed: its id goes back with the error.
        const next = `wait_for_task ${JSON.stringify({ id: created.id })}`;
        return failure(asCliError(error), { task: created, estimate, done: false, next });
      }
      const out = ended(task, { estimate });
      if (!out.isError && estimate) {
        out.content.unshift({ type: 'text', text: `created ${task.id}, estimated ${price(estimate)}` });
      }
      return out;
    }),
  );

  server.registerTool(
    'get_task',
    {
      title: 'Get a task',
      description: 'The task now (status, progress, video_url, error, cost once finished). Free and instant.',
      inputSchema: z.strictObject({ id: taskId }),
      outputSchema: outputSchema({ task: taskSchema }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    guarded(async ({ id }: { id: string }, extra) => {
      const task = await seedance.get(id, { signal: extra.signal });
      return result(summary(task), { task });
    }),
  );

  server.registerTool(
    'wait_for_task',
    {
      title: 'Wait for a task',
      description:
        `Polls a task until it ends or timeout_seconds pass (default ${DEFAULT_WAIT_S}, at most ${MAX_WAIT_S}), ` +
        'sending progress notifications when the request has a progressToken. Returns the task and done: when ' +
        'done is false call again; when the status is succeeded call download_video. Free.',
      inputSchema: z.strictObject({
        id: taskId,
        timeout_seconds: z.number().positive().max(MAX_WAIT_S).optional().describe(`default ${DEFAULT_WAIT_S}`),
      }),
      outputSchema: outputSchema({ task: taskSchema, done: z.boolean(), next: z.string() }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    guarded(async ({ id, timeout_seconds }: { id: string; timeout_seconds?: number }, extra) =>
      ended(await waitBounded(id, timeout_seconds ?? DEFAULT_WAIT_S, extra), {}),
    ),
  );

  server.registerTool(
    'download_video',
    {
      title: 'Download a video',
      description:
        `Saves a succeeded task's video as <id>.mp4 in the server's output folder (${deps.outputDir}); resumes a ` +
        'partial download and verifies size and sha256. Returns path, bytes, sha256 and a resource_link. Free; ' +
        'the video URL expires about 24 h after the task ends.',
      inputSchema: z.strictObject({ id: taskId }),
      outputSchema: outputSchema({ path: z.string(), bytes: z.number(), sha256: z.string() }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    guarded(async ({ id }: { id: string }, extra) => {
      const saved = await seedance.download(id, { dir: deps.outputDir, signal: extra.signal });
      const path = saved.path ?? '';
      const out = result(`saved ${path} (${saved.bytes} bytes, sha256 ${saved.sha256})`, {
        path,
        bytes: saved.bytes,
        sha256: saved.sha256,
      });
      out.content.push({ type: 'resource_link', uri: deps.fileUrl(path), name: basename(path), mimeType: 'video/mp4' });
      return out;
    }),
  );

  server.registerTool(
    'cancel_task',
    {
      title: 'Cancel a task',
      description:
        'Cancels a queued task (nothing is charged), or deletes a finished task from the provider (Ark, BytePlus). ' +
        'A running task cannot be cancelled.',
      inputSchema: z.strictObject({ id: taskId }),
      outputSchema: outputSchema({
        id: z.string(),
        action: z.enum(['cancelled', 'deleted']).describe('deleted: a finished task whose record is gone for good'),
        cancelled: z.boolean(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    guarded(async ({ id }: { id: string }, extra) => {
      const action = await seedance.cancel(id, { signal: extra.signal });
      return result(`${action} ${id}`, { id, action, cancelled: action === 'cancelled' });
    }),
  );

  server.registerTool(
    'list_tasks',
    {
      title: 'List tasks',
      description:
        'Tasks created on this machine (the journal `seedance list` reads), newest first; with remote, the ' +
        "provider's own list (Ark, BytePlus; last 7 days). Free.",
      inputSchema: z.strictObject({
        limit: z.number().int().positive().max(100).optional().describe('default 20'),
        remote: z.boolean().optional().describe("ask the provider's API instead of the local journal"),
      }),
      outputSchema: outputSchema({ tasks: z.array(z.looseObject({ id: z.string().nullable() })) }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    guarded(async ({ limit = 20, remote }: { limit?: number; remote?: boolean }, extra) => {
      const tasks = remote
        ? (await seedance.list({ remote: true, limit, signal: extra.signal })).tasks
        : await seedance.list({ limit });
      const lines = tasks.map((t) => `${t.id ?? '(no id)'} ${t.status ?? ''} ${t.model ?? ''}`.trim());
      return result(lines.length ? lines.join('\n') : 'no tasks', {
        tasks: tasks as unknown as Array<Record<string, unknown> & { id: string | null }>,
      });
    }),
  );

  server.registerTool(
    'estimate_cost',
    {
      title: 'Estimate the cost',
      description:
        'Tokens and list price of a create_video request, computed locally: nothing is sent or charged. ' +
        'An estimate, not a quote.',
      inputSchema: z.strictObject(requestShape),
      outputSchema: outputSchema({ estimate: estimateSchema }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    guarded(async (args: Request) => {
      const estimate = await seedance.estimate(await toRequest(args));
      return result(`~${price(estimate)} (${estimate.tokens} tokens)`, { estimate });
    }),
  );

  server.registerTool(
    'list_models',
    {
      title: 'List models',
      description:
        `The Seedance models this server's provider (${deps.provider}) serves: alias, id, resolutions, durations, ` +
        'modes (text, first frame, references), audio, price per million tokens. Local and free.',
      inputSchema: z.strictObject({}),
      outputSchema: outputSchema({
        models: z.array(z.looseObject({ alias: z.string(), name: z.string(), id: z.string() })),
      }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    guarded(async () => {
      const models = modelRows([deps.provider]);
      const lines = models.map((m) => `${m.alias} (${m.provider}: ${m.id})`);
      return result(lines.join('\n'), {
        models: models as unknown as Array<{ alias: string; name: string; id: string }>,
      });
    }),
  );
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function summary(task: Task): string {
  const progress = task.progress === null ? '' : ` ${task.progress}%`;
  const error = task.error ? `: ${task.error.message}` : '';
  return `${task.id} ${task.status}${progress}${error}`;
}

function price(estimate: { price: number | null; currency: string | null; tokens: number }): string {
  return estimate.price === null ? `${estimate.tokens} tokens` : `${estimate.price} ${estimate.currency}`;
}

/** Every string of a result with the key replaced (a server may quote the token it refused). */
function scrubbed<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return scrubSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubbed(item, secrets)])) as T;
  }
  return value;
}
