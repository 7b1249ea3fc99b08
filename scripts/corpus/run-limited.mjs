/** Runs `task(item, index)` over items with at most `limit` at a time; results in input order. */
export async function runLimited({ items, limit, task }) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
