/** Every relation's loader, created per request. */
import type { Queryable } from '../../db/client.js';
import { loadMany, loadOne } from '../loaders.js';
import { ORGANIZATION_COLUMNS, type OrganizationRow, type SourceLinkRow } from './organization-row.js';

export function createLoaders(db: Queryable) {
  return {
    organizationById: loadOne<OrganizationRow>(
      db,
      `select ${ORGANIZATION_COLUMNS} from organizations o where o.id = any($1::bigint[])`,
      'id',
    ),
    sourcesByOrganization: loadMany<SourceLinkRow>(
      db,
      `select entity_id as "entityId", connector, source_key as "sourceKey", method, score from source_links
       where entity_type = 'organization' and entity_id = any($1::bigint[]) order by connector, source_key`,
      'entityId',
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
