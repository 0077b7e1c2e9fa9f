/** The segment pool's figures as the REST and admin endpoints report them. */
import type { LogStore } from "../storage/log_store.ts";

export interface PoolFigures {
  usedBytes: number;
  limitBytes: number;
  freeSegments: number;
  segmentSizeBytes: number;
  segmentCount: number;
  /** Bytes of the pool whose pages the OS has committed (prefault_memory commits all at start). */
  committedBytes: number;
  /** Pool usage past which the tiering spills to disk (spill_high_water_percent of the pool). */
  highWaterMarkBytes: number;
}

export function poolFigures(store: Pick<LogStore, "pool" | "tiering">): PoolFigures {
  const pool = store.pool;
  return {
    usedBytes: pool.usedBytes,
    limitBytes: pool.limitBytes,
    freeSegments: pool.freeSegments,
    segmentSizeBytes: pool.segmentSizeBytes,
    segmentCount: pool.segmentCount,
    committedBytes: pool.committedBytes,
    highWaterMarkBytes: store.tiering.highWaterBytes,
  };
}
