import type { ProviderName } from '../core/parse.js';
import { UsageError } from '../errors.js';

/** What differs between the gateway and Ark-style APIs. Commands never branch on the provider; they ask it. */
export interface Provider {
  name: ProviderName;
  defaultBaseUrl: string;
  defaultModel: string;
  /** Relative to the base URL (no leading slash: ky's prefixUrl). */
  createPath: string;
  taskPath(id: string): string;
  /** Query parameters of a status request. */
  queryParams(view: TaskView): Record<string, string>;
  /** Ark lists and cancels; the gateway has neither route (gateway-api.md §2). */
  canCancel: boolean;
  listPath: string | null;
}

export interface TaskView {
  raw?: boolean;
  showRaw?: boolean;
  showUsage?: boolean;
}

const gateway: Provider = {
  name: 'gateway',
  defaultBaseUrl: 'https://api-cs-al.naci-tech.com',
  defaultModel: 'sd2.0',
  createPath: 'v1/video/generations',
  taskPath: (id) => `v1/video/generations/${pathSegment(id)}`,
  queryParams: (view) => {
    const params: Record<string, string> = {};
    if (view.raw) params.raw = 'true';
    // The wrapped view: the notes advise always sending both (gateway-api.md §5b; show_usage alone is unverified).
    if (view.showRaw || view.showUsage) {
      params.show_raw = 'true';
      params.show_usage = 'true';
    }
    return params;
  },
  canCancel: false,
  listPath: null,
};

function ark(name: 'ark' | 'byteplus', defaultBaseUrl: string, defaultModel: string): Provider {
  return {
    name,
    defaultBaseUrl,
    defaultModel,
    createPath: 'contents/generations/tasks',
    taskPath: (id) => `contents/generations/tasks/${pathSegment(id)}`,
    // Ark answers one shape: the task object is already the "raw" view.
    queryParams: () => ({}),
    canCancel: true,
    listPath: 'contents/generations/tasks',
  };
}

/**
 * An id as one path segment, wherever it came from. encodeURIComponent leaves `.` alone, and URL parsing turns a
 * `.` or `..` segment (even spelled `%2e`) into another route: those are refused, like an empty id.
 */
export function pathSegment(id: string): string {
  if (id === '' || id === '.' || id === '..') throw new UsageError(`"${id}" is not a task id`, { code: 'bad_task_id' });
  return encodeURIComponent(id);
}

export const PROVIDER_TABLE: Record<ProviderName, Provider> = {
  gateway,
  ark: ark('ark', 'https://ark.cn-beijing.volces.com/api/v3', 'doubao-seedance-2-0-260128'),
  byteplus: ark('byteplus', 'https://ark.ap-southeast.bytepluses.com/api/v3', 'dreamina-seedance-2-0-260128'),
};
