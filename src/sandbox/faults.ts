/**
 * Fault injection knobs. Every field is read at request time, so tests (and `seedance sandbox` users) may change
 * them on a running sandbox through `sandbox.faults`.
 */
export interface Faults {
  /**
   * Answer the next `times` creates (gateway and Ark) with `status` before any task is created; `times: -1` means
   * forever. Gateway: 429 → envelope B `fail_to_fetch_task` "当前分组上游负载已饱和，请稍后再试"; other statuses →
   * envelope B `fail_to_fetch_task` holding Ark's error JSON as a string. Ark paths: the Ark error envelope.
   * `retryAfterSec` adds a `Retry-After` header. `code`: Ark's error code to answer with instead (e.g. 429
   * `QuotaExceeded`, Ark's free quota used up), relayed by the gateway as envelope B. `afterCreates`: fires only once
   * the sandbox holds this many tasks.
   */
  createStatus: {
    status: number;
    times: number;
    retryAfterSec?: number;
    code?: string;
    afterCreates?: number;
  } | null;
  /**
   * new-api style concurrency cap: a create while N tasks are queued or running answers 429
   * `Concurrency limit reached (N)` with `limit` and `current` beside the message. On Ark paths, Ark's cap on queued
   * tasks instead: a create while N tasks are queued (running ones not counted) answers Ark's 429 envelope. 0 = off.
   */
  concurrencyLimit: number;
  /**
   * Answer the next `times` single-task GETs (`/v1/video/generations/:id`, `/v1/videos/:id`, Ark task GET) with
   * `status`. Gateway: 429 → envelope A rate-limit message, others → envelope B `get_task_failed`.
   */
  pollStatus: { status: number; times: number; retryAfterSec?: number } | null;
  /** Create → 403 `quota_not_enough` (gateway, envelope B) or 403 `AccountOverdueError` (Ark). */
  quotaExhausted: boolean;
  /** Create: store (and count) the task, then destroy the socket without answering. */
  dropCreateAfterAccept: boolean;
  /** Delay every API response (not storage) by this many real milliseconds. */
  slowMs: number;
  /**
   * Create and task GETs answer 200 with an HTML page, truncated JSON or an empty body. A create still creates its
   * task: the client cannot know whether it worked.
   */
  malformed: 'html' | 'json' | 'empty' | null;
  /**
   * Video bodies (storage and `/v1/videos/:id/content`): destroy the socket after sending `bytes` bytes of the body,
   * for the next `times` requests (`-1`: forever).
   */
  dropAfterBytes: { bytes: number; times: number } | null;
  /** Video bodies: pace the body at this many bytes per second (0 = full speed; setting 0 mid-body lifts it). */
  throttleBytesPerSec: number;
  /** Storage answers 200 with the whole body even when a Range was asked for. */
  ignoreRange: boolean;
  /** Video bodies: advertise a Content-Length this many bytes larger than what is sent, then close. */
  contentLengthLie: number;
  /**
   * Storage: every signed URL issued so far answers 403 AccessDenied "Request has expired" (TOS-style XML), and so
   * does the first URL a status read hands out for a video while this is on. Once a client has been refused, the
   * next status read issues a fresh signature that works (the re-fetch-then-retry recovery).
   */
  expireUrls: boolean;
  /**
   * API: more than N requests in any 1 s window → 429 with `Retry-After: 1` (envelope A on the gateway,
   * `RateLimitExceeded.EndpointRPMExceeded` on Ark paths). 0 = off.
   */
  rateLimitRps: number;
  /** At most N tasks running at once; the others stay queued until a slot frees. 0 = no cap. */
  maxRunning: number;
  /**
   * Video bodies: every video is served as revision N (0: the original), other bytes with another ETag and
   * Last-Modified, as if the stored object had been replaced between two downloads. `videoDigest` follows it.
   */
  videoRevision: number;
  /** Storage states no sha256 on HEAD (no Repr-Digest), as many storage hosts: a file is known only by the journal. */
  hideDigest: boolean;
}

export function defaultFaults(): Faults {
  return {
    createStatus: null,
    pollStatus: null,
    concurrencyLimit: 0,
    quotaExhausted: false,
    dropCreateAfterAccept: false,
    slowMs: 0,
    malformed: null,
    dropAfterBytes: null,
    throttleBytesPerSec: 0,
    ignoreRange: false,
    contentLengthLie: 0,
    expireUrls: false,
    rateLimitRps: 0,
    maxRunning: 0,
    videoRevision: 0,
    hideDigest: false,
  };
}

/** The create fault, if it fires for this create (consuming one use). */
export function createFault(faults: Faults, creates: number): Faults['createStatus'] {
  const fault = faults.createStatus;
  if (!fault || creates < (fault.afterCreates ?? 0)) return null;
  return takeCounted(fault) ? fault : null;
}

/** Consumes one use of a counted fault; returns whether it fires for this request. */
export function takeCounted(fault: { times: number } | null): boolean {
  if (!fault || fault.times === 0) return false;
  if (fault.times > 0) fault.times -= 1;
  return true;
}
