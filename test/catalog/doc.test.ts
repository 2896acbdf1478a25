import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS } from '../../src/catalog';
import { catalogMarkdown } from '../../src/catalog/doc';

describe('docs/catalog.md', () => {
  it('when the catalog rows change, then the file is written again: it must equal what the rows say (npm run docs:catalog)', () => {
    const written = readFileSync(join(__dirname, '..', '..', 'docs', 'catalog.md'), 'utf8');

    expect(written).toBe(catalogMarkdown());
  });

  it('when the file is read, then it has one table row per scenario, each linking its guide page', () => {
    const rows = catalogMarkdown()
      .split('\n')
      .filter((line) => /^\| \/(renew|purchase) \|/.test(line));

    expect(rows).toHaveLength(SCENARIOS.length);
    for (const line of rows) expect(line).toMatch(/https:\/\/help\.yeastar\.com\/|tutorial's example body/);
  });
});
