/**
 * Limits on the work one workspace or person can ask for, so no tenant can exhaust the shared functions and
 * database. Each refusal says which limit and when to try again.
 */
export const WORK_CAPS = {
  /** Reports started by people (Generate, Test run) still generating in one workspace. */
  runsInProgressPerWorkspace: 5,
  /** Reports started by people in one workspace per hour. */
  manualRunsPerHour: 60,
  /** Workspaces a person may create. */
  workspacesPerPerson: 20,
  /** Content items one workspace keeps. */
  contentItemsPerWorkspace: 50_000,
  /** Invitations one workspace sends per hour (each may be an email to a stranger). */
  invitationsPerHour: 30,
  /** Invitations waiting for an answer in one workspace. */
  openInvitationsPerWorkspace: 100,
} as const;
