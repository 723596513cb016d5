/** The only error lib/schedule throws: which field is wrong and how to fix it. */
export class ScheduleValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "ScheduleValidationError";
  }
}
