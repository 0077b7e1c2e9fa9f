/** The segment pool's figures as the REST and admin endpoints report them. */
import type { SegmentPool } from "../storage/segment_pool.ts";

/** Share of the pool past which memory counts as high (where the WAL tier will start spilling). */
export const HIGH_WATER_MARK_RATIO = 0.8;

export interface PoolFigures {
  usedBytes: number;
  limitBytes: number;
  freeSegments: number;
  segmentSizeBytes: number;
  segmentCount: number;
  highWaterMarkBytes: number;
}

export function poolFigures(pool: SegmentPool): PoolFigures {
  return {
    usedBytes: pool.usedBytes,
    limitBytes: pool.limitBytes,
    freeSegments: pool.freeSegments,
    segmentSizeBytes: pool.segmentSizeBytes,
    segmentCount: pool.segmentCount,
    highWaterMarkBytes: Math.floor(pool.limitBytes * HIGH_WATER_MARK_RATIO),
  };
}
