/**
 * One broker per storage directory: an exclusive lock (flock, `FsFile.tryLockSync`) on its
 * `LOCK` file, held for as long as the store is open.
 *
 * The operating system drops the lock when the holder exits, however it exits, so a broker
 * killed with SIGKILL leaves nothing to clean up. The file also holds the holder's process id,
 * only to name it in the error a second broker gets.
 */

export class StorageLockedError extends Error {
  override name = "StorageLockedError";
}

/** Takes the lock of `dir` (created if missing); returns the function that releases it. */
export function lockStorage(dir: string): () => void {
  Deno.mkdirSync(dir, { recursive: true });
  const path = `${dir}/LOCK`;
  const file = Deno.openSync(path, { read: true, write: true, create: true });
  let locked = false;
  try {
    locked = file.tryLockSync(true);
    if (!locked) {
      const holder = Deno.readTextFileSync(path).trim();
      throw new StorageLockedError(
        `${dir} is in use by ${holder === "" ? "another broker" : `process ${holder}`} ` +
          `(it holds ${path}); one broker per record_storage_path`,
      );
    }
    file.truncateSync(0);
    file.writeSync(new TextEncoder().encode(`${Deno.pid}\n`));
  } catch (err) {
    if (locked) file.unlockSync();
    file.close();
    throw err;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    file.unlockSync();
    file.close();
  };
}
