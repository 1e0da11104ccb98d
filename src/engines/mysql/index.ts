import type { Engine } from '../engine.ts';
import { mysqlDialect } from './dialect.ts';
import { connectMysql } from './driver.ts';

export { mysqlDialect, quoteIdentifier } from './dialect.ts';

/** MySQL and MariaDB as a source. */
export const mysqlEngine: Engine = {
  name: 'mysql',
  dialect: mysqlDialect,
  serverTypes: ['mysql', 'mariadb'],
  connect: connectMysql,
};
