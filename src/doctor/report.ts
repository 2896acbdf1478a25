/**
 * The doctor's checklist: each check passed or failed, and for a failure what to do. `required`: the app
 * cannot work as configured while it fails; the others name something it does without.
 */
export interface Check {
  section: string;
  name: string;
  ok: boolean;
  required: boolean;
  detail?: string;
  fix?: string;
}

export const passed = (section: string, name: string, detail?: string): Check => ({
  section,
  name,
  ok: true,
  required: true,
  ...(detail && { detail }),
});

export const failed = (
  section: string,
  name: string,
  detail: string,
  fix: string,
  required = true,
): Check => ({ section, name, ok: false, required, detail, fix });

export interface Report {
  /** False when a required check failed: the doctor then exits non-zero. */
  ok: boolean;
  checks: Check[];
}

export function reportOf(checks: Check[]): Report {
  return { ok: checks.every((c) => c.ok || !c.required), checks };
}

/** The checklist as a person reads it: by section, ✓ or ✗, and under each ✗ what to do. */
export function renderText(report: Report): string {
  const lines: string[] = [
    'Yeastar Order Desk doctor: the settings npm start uses; nothing is changed, no order placed',
    '',
  ];
  let section = '';
  for (const check of report.checks) {
    if (check.section !== section) {
      if (section) lines.push('');
      section = check.section;
      lines.push(section);
    }
    const optional = !check.ok && !check.required ? ' (the app works without it)' : '';
    lines.push(
      `  ${check.ok ? '✓' : '✗'} ${check.name}${check.detail ? `: ${check.detail}` : ''}${optional}`,
    );
    if (!check.ok && check.fix) lines.push(`      fix: ${check.fix}`);
  }
  const failures = report.checks.filter((c) => !c.ok);
  const passedCount = report.checks.length - failures.length;
  lines.push('');
  lines.push(
    failures.length === 0
      ? `All ${passedCount} checks passed: npm start is ready to go.`
      : `${passedCount} passed, ${failures.length} failed${report.ok ? ', none of them required' : ''}: fix each ✗ above, then run npm run doctor again.`,
  );
  return lines.join('\n');
}
