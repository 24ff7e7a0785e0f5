export interface MigrateOutput {
  /** `app.0002_name` for each "Applying … OK" line, in order. */
  applied: string[];
  /** Migrations applied with --fake ("Applying … FAKED"). */
  faked: string[];
  /** Migrations listed under "Planned operations:" (--plan / --check). */
  planned: string[];
  /** Whether a "Planned operations:" section was printed at all. */
  hasPlan: boolean;
}

const APPLYING = /^\s*Applying ([\w.]+)\.\.\.\s*(OK|FAKED)\b/;
const PLAN_HEADER = /^Planned operations:\s*$/;
// A migration line in a plan is unindented `app_label.migration_name`; its operations are indented.
const PLAN_MIGRATION = /^([A-Za-z_][\w]*\.[\w]+)\s*$/;

/** Reads Django's `manage.py migrate` stdout (verbosity 1). */
export function parseMigrateOutput(stdout: string): MigrateOutput {
  const result: MigrateOutput = { applied: [], faked: [], planned: [], hasPlan: false };
  let inPlan = false;
  for (const line of stdout.split('\n')) {
    const applying = APPLYING.exec(line);
    if (applying?.[1]) {
      (applying[2] === 'FAKED' ? result.faked : result.applied).push(applying[1]);
      continue;
    }
    if (PLAN_HEADER.test(line)) {
      inPlan = true;
      result.hasPlan = true;
      continue;
    }
    const planned = inPlan ? PLAN_MIGRATION.exec(line) : null;
    if (planned?.[1]) result.planned.push(planned[1]);
  }
  return result;
}
