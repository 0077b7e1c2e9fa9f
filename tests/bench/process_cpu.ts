/**
 * CPU time a process has used (user + system), read from Linux procfs, so each workload can
 * say how busy the broker and the client each were.
 */

/** Linux reports /proc/<pid>/stat times in USER_HZ ticks, which is 100 on every common arch. */
const USER_HZ = 100;
/** utime and stime are fields 14 and 15 of stat; counted from the state field (3) after "(comm)". */
const UTIME_AFTER_COMM = 14 - 3;
const STIME_AFTER_COMM = 15 - 3;

/**
 * Milliseconds of CPU `pid` has used so far, or null where procfs is missing (not Linux).
 * Deno asks for --allow-all to read /proc/<pid> directly, so `cat` (--allow-run) reads it.
 */
export async function processCpuMs(pid: number): Promise<number | null> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("cat", { args: [`/proc/${pid}/stat`], stderr: "null" }).output();
  } catch {
    return null;
  }
  if (!out.success) return null;
  const stat = new TextDecoder().decode(out.stdout);
  // The command name may hold spaces and parentheses: fields start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[UTIME_AFTER_COMM]) + Number(fields[STIME_AFTER_COMM]);
  if (!Number.isFinite(ticks)) throw new Error(`unexpected /proc/${pid}/stat: ${stat}`);
  return (ticks * 1000) / USER_HZ;
}

/** CPU used during one workload by the broker process and by this (client) process. */
export interface CpuUse {
  wallMs: number;
  /** Null when the broker is not ours (--bootstrap) or procfs is missing. */
  brokerMs: number | null;
  clientMs: number | null;
}

function difference(after: number | null, before: number | null): number | null {
  return after === null || before === null ? null : after - before;
}

/** Runs `work` and says how much CPU the broker (`brokerPid`) and this process used meanwhile. */
export async function withCpuUse<T>(
  brokerPid: number | null,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuUse }> {
  const brokerCpu = () => (brokerPid === null ? Promise.resolve(null) : processCpuMs(brokerPid));
  const [brokerBefore, clientBefore] = await Promise.all([brokerCpu(), processCpuMs(Deno.pid)]);
  const startMs = performance.now();
  const result = await work();
  const wallMs = performance.now() - startMs;
  const [brokerAfter, clientAfter] = await Promise.all([brokerCpu(), processCpuMs(Deno.pid)]);
  return {
    result,
    cpu: {
      wallMs,
      brokerMs: difference(brokerAfter, brokerBefore),
      clientMs: difference(clientAfter, clientBefore),
    },
  };
}
