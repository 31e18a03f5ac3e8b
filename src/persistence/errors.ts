// Every error a user of the workspace database can meet, each with a stable `code`
// (LangGraph identifies errors by name, never by instanceof across package copies).

export type WorkspaceDbErrorCode =
  "DB_CORRUPT" | "DB_LOCKED" | "DB_READ_ONLY" | "DB_CLOSED" | "DB_WRITE_FAILED" | "DB_CONFLICT" | "DB_CHANGED" | "DB_INVALID_INPUT";

/** The process that holds a database's writer lock (`DB_LOCKED`). */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

export class WorkspaceDbError extends Error {
  override readonly name = "WorkspaceDbError";
  readonly code: WorkspaceDbErrorCode;
  /** The file the error is about, when there is one. */
  readonly file?: string;
  /** `DB_LOCKED`: who holds the lock. */
  readonly holder?: LockHolder;

  constructor(code: WorkspaceDbErrorCode, message: string, file?: string, options?: { cause?: unknown; holder?: LockHolder }) {
    super(message, options);
    this.code = code;
    this.file = file;
    if (options?.holder) this.holder = options.holder;
  }
}

export function isWorkspaceDbError(error: unknown, code?: WorkspaceDbErrorCode): error is WorkspaceDbError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "WorkspaceDbError" &&
    (code === undefined || (error as { code?: unknown }).code === code)
  );
}

/** Line and column (1-based) of a character offset, so a user can jump to it in the editor. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

export function corruptFileError(file: string, where: string, problem: string, backup: string | undefined): WorkspaceDbError {
  const restore = backup
    ? ` The last good copy is ${backup}: fix ${file} by hand, or replace it with that copy.`
    : ` Fix ${file} by hand (or restore it from version control).`;
  return new WorkspaceDbError(
    "DB_CORRUPT",
    `The LangGraph workspace database ${file} cannot be read: ${problem} at ${where}. The file was left untouched.${restore}`,
    file,
  );
}

export function invalidInput(message: string): WorkspaceDbError {
  return new WorkspaceDbError("DB_INVALID_INPUT", message);
}
