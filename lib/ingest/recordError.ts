/** A record refused at its index: `code` and `message` go into the ingest summary. */
export class RecordError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "RecordError";
  }
}
