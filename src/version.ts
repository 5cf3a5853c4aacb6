import fs from 'node:fs';
import { projectPath } from './paths.js';

export const HUB_VERSION: string = (JSON.parse(fs.readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
