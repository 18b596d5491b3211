import { env } from '$env/dynamic/private';

/**
 * A workflow's page in the Temporal Web UI: `TEMPORAL_UI_URL` (where operators open it) and
 * `TEMPORAL_NAMESPACE` (default `default`), as the UI server is started with. Null when it is not
 * told where the Web UI is, or is told something that is not a URL.
 */
export function temporalWorkflowPage(workflowId: string): string | null {
  const base = env.TEMPORAL_UI_URL?.trim();
  if (!base || !URL.canParse(base)) return null;
  const namespace = env.TEMPORAL_NAMESPACE?.trim() || 'default';
  return `${base.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
