/**
 * `MESHWORK_BUILD_PAUSE_AFTER_FILES=N`: the build stops for a minute after its N-th
 * Parquet file, so a test can kill it at a known point halfway through a product and
 * check that nothing half-written is served. Not for production use.
 */
export function pauseAfterFiles(
  env: NodeJS.ProcessEnv,
): ((path: string) => Promise<void>) | undefined {
  const limit = Number(env.MESHWORK_BUILD_PAUSE_AFTER_FILES);
  if (!Number.isInteger(limit) || limit < 1) return undefined;
  let written = 0;
  return async () => {
    written++;
    if (written === limit) await new Promise((resolve) => setTimeout(resolve, 60_000));
  };
}
