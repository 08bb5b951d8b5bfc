-- Changes how the storefront looks: the shop's name (the `shop.name` setting), its hero line and
-- description, its two colours and its logo, and records who did it, in one transaction. Colours
-- are checked for contrast (WCAG AA, 4.5:1): the brand colour carries white button text and is the
-- link colour on the background colour. p_keep_logo leaves the logo as it is; otherwise the logo
-- becomes p_logo_image_id (null: none).
create or replace function set_shop_branding(
  p_name text, p_hero_line text, p_description text, p_brand_color text, p_background_color text,
  p_keep_logo boolean, p_logo_image_id bigint, p_admin_user_id bigint, p_request_id text, p_ip inet
) returns void
language plpgsql volatile as $$
declare
  actor_email text;
  before_row jsonb;
  after_row jsonb;
  shop_name text := trim(coalesce(p_name, ''));
begin
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner' and deactivated_at is null;
  if actor_email is null then
    raise exception 'Only an owner can change the shop''s look.' using errcode = 'LR409';
  end if;
  if shop_name = '' or char_length(shop_name) > 80 then
    raise exception 'Enter the shop''s name (at most 80 characters).' using errcode = 'LR422', column = 'name';
  end if;
  if p_brand_color !~ '^#[0-9a-f]{6}$' then
    raise exception 'Enter the brand colour as a hex colour such as #8a3b12.' using errcode = 'LR422', column = 'brandColor';
  end if;
  if p_background_color !~ '^#[0-9a-f]{6}$' then
    raise exception 'Enter the background colour as a hex colour such as #fdf3e7.' using errcode = 'LR422', column = 'backgroundColor';
  end if;
  if private.contrast_ratio(p_brand_color, '#ffffff') < 4.5 then
    raise exception 'White text on this brand colour is hard to read (contrast %:1, at least 4.5:1 is needed). Choose a darker colour.',
      round(private.contrast_ratio(p_brand_color, '#ffffff'), 1) using errcode = 'LR422', column = 'brandColor';
  end if;
  if private.contrast_ratio(p_brand_color, p_background_color) < 4.5 then
    raise exception 'Links in the brand colour are hard to read on this background (contrast %:1, at least 4.5:1 is needed). Choose a lighter background.',
      round(private.contrast_ratio(p_brand_color, p_background_color), 1) using errcode = 'LR422', column = 'backgroundColor';
  end if;
  if private.contrast_ratio('#1f1a14', p_background_color) < 7 then
    raise exception 'Text is hard to read on this background. Choose a lighter background colour.' using errcode = 'LR422', column = 'backgroundColor';
  end if;
  select to_jsonb(b) - 'updated_at' || jsonb_build_object('name', (select value #>> '{}' from settings where key = 'shop.name'))
    into before_row from shop_branding b for update;
  insert into settings (key, value) values ('shop.name', to_jsonb(shop_name))
  on conflict (key) do update set value = excluded.value, updated_at = now();
  -- The check constraints refuse a hero line or description too long (routes check the lengths first).
  update shop_branding
     set hero_line = trim(coalesce(p_hero_line, '')), description = trim(coalesce(p_description, '')),
         brand_color = p_brand_color, accent_color = p_background_color,
         logo_image_id = case when p_keep_logo then logo_image_id else p_logo_image_id end, updated_at = now();
  select to_jsonb(b) - 'updated_at' || jsonb_build_object('name', shop_name) into after_row from shop_branding b;
  if before_row is distinct from after_row then
    insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
    values (p_admin_user_id, actor_email, 'shop.branding', 'setting', 'shop.branding', before_row, after_row, p_request_id, p_ip);
  end if;
end
$$;
