/**
 * Writes to standard output and resolves once the text is handed to the OS. Whatever stdout is (file, pipe, TTY)
 * and however large the text, the process then ends by itself when the event loop drains: nothing here or in the
 * error boundary calls process.exit(), which would drop writes still queued for a pipe (a pipe takes 64 KiB at once).
 * A reader that closed early (`| head`) took what it wanted: that is no failure of the command, whose exit code
 * stays the verdict's.
 */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`, (err) =>
      err && !isClosedReader(err) ? reject(err) : resolve(),
    );
  });
}

export function isClosedReader(err: NodeJS.ErrnoException): boolean {
  return err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED";
}
