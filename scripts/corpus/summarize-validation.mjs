/**
 * Phase 1 figures: accepted per group and overall; error codes ranked by the files they reject;
 * for each code the files it rejects alone (fix that one construct and they pass), with examples.
 */
export function summarizeValidation({ results, examples = 3 }) {
  const groups = new Map();
  const codes = new Map();
  for (const result of results) {
    const group = groups.get(result.file.group) ?? { group: result.file.group, files: 0, accepted: 0 };
    group.files++;
    if (result.valid) group.accepted++;
    groups.set(result.file.group, group);
    if (result.valid) continue;
    const distinct = [...new Set(result.errors.map((e) => e.code))];
    for (const code of distinct) {
      const entry = codes.get(code) ?? { code, files: 0, alone: 0, examples: [] };
      entry.files++;
      if (distinct.length === 1) entry.alone++;
      if (entry.examples.length < examples) {
        const first = result.errors.find((e) => e.code === code);
        entry.examples.push({ file: `${result.file.rel}:${first.line}`, message: first.message });
      }
      codes.set(code, entry);
    }
  }
  const files = results.length;
  const accepted = results.filter((r) => r.valid).length;
  return {
    files,
    accepted,
    groups: [...groups.values()].sort((a, b) => b.files - a.files),
    codes: [...codes.values()].sort((a, b) => b.files - a.files || (a.code < b.code ? -1 : 1)),
  };
}
