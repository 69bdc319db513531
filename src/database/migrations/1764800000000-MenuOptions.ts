import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Menu options: a dish's groups of choices (a size, toppings, a dressing) and their options, each with a price
 * change and its own availability. An order line keeps the options it was ordered with as a snapshot (`options`:
 * `[{optionId, group, name, priceDeltaCents}]`, JSON in the line's row), so a later menu edit never changes a past
 * order; lines ordered before this release have none.
 */
export class MenuOptions1764800000000 implements MigrationInterface {
  name = 'MenuOptions1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE menu_option_groups (
      id uuid PRIMARY KEY,
      menu_item_id uuid NOT NULL REFERENCES menu_items(id) ON DELETE CASCADE,
      name varchar(60) NOT NULL,
      min_choices integer NOT NULL DEFAULT 0,
      max_choices integer NOT NULL,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_menu_option_groups_choices CHECK (min_choices >= 0 AND max_choices >= 1 AND max_choices >= min_choices AND max_choices <= 20)
    )`);
    await q.query(`CREATE INDEX ix_menu_option_groups_item ON menu_option_groups (menu_item_id, position)`);
    await q.query(`CREATE UNIQUE INDEX ux_menu_option_groups_name ON menu_option_groups (menu_item_id, lower(name))`);
    await q.query(`CREATE TABLE menu_options (
      id uuid PRIMARY KEY,
      group_id uuid NOT NULL REFERENCES menu_option_groups(id) ON DELETE CASCADE,
      name varchar(60) NOT NULL,
      price_delta_cents integer NOT NULL DEFAULT 0,
      available boolean NOT NULL DEFAULT true,
      is_default boolean NOT NULL DEFAULT false,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX ix_menu_options_group ON menu_options (group_id, position)`);
    await q.query(`CREATE UNIQUE INDEX ux_menu_options_name ON menu_options (group_id, lower(name))`);
    await q.query(`ALTER TABLE order_items ADD COLUMN options jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_items DROP COLUMN options`);
    await q.query(`DROP TABLE menu_options`);
    await q.query(`DROP TABLE menu_option_groups`);
  }
}
