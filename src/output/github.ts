import { appendFileSync } from 'node:fs';
import type { Task } from '../api/task.js';

/**
 * Inside GitHub Actions: step outputs (`steps.<id>.outputs.task_id` …) and a line in the job summary, so a
 * workflow can use the result without parsing stdout.
 */
export function writeGithubOutputs(env: Record<string, string | undefined>, task: Task, path?: string): void {
  const values: Record<string, string> = { task_id: task.id, status: task.status };
  if (task.video_url) values.video_url = task.video_url;
  if (path) values.path = path;
  if (env.GITHUB_OUTPUT) {
    const lines = Object.entries(values).map(([key, value]) => `${key}=${value.replace(/[\r\n]/g, '')}\n`);
    appendFileSync(env.GITHUB_OUTPUT, lines.join(''));
  }
  if (env.GITHUB_STEP_SUMMARY) {
    const result = path
      ? `saved \`${path}\``
      : task.video_url
        ? `[video](${task.video_url})`
        : (task.error?.message ?? '');
    appendFileSync(env.GITHUB_STEP_SUMMARY, `- seedance \`${task.id}\`: **${task.status}** ${result}\n`);
  }
}
