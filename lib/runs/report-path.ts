/** Where a run's report opens in the app (relative; prefix `appUrl()` for links that leave it). */
export function reportPath(workspaceId: string, runId: string): string {
  return `/w/${workspaceId}/reports/${runId}`;
}
