import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogMarkdown } from './catalog/doc';

/** `npm run docs:catalog`: writes docs/catalog.md from the catalog rows. */
const target = join(__dirname, '..', 'docs', 'catalog.md');
writeFileSync(target, catalogMarkdown());
console.log(`wrote ${target}`);
