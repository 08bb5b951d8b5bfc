-- Up Migration
-- Larder's schema as it stood before its functions moved to db/functions/ (ADR 004): every table,
-- constraint and index the earlier migrations built, squashed into one baseline (there was no
-- production database to carry). Functions, views and triggers are not here: they live one per
-- file under db/functions/ and `npm run db:migrate` re-applies them after the versioned migrations.

-- Helpers and trigger functions (db/functions/*/ files that create private.*); the app calls only public.
create schema private;

CREATE SEQUENCE order_number_seq
    START WITH 1001
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE promo_codes (
    id bigint NOT NULL,
    code text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    kind text NOT NULL,
    percent_bps integer,
    amount_cents bigint,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    minimum_subtotal_cents bigint DEFAULT 0 NOT NULL,
    starts_at timestamp with time zone,
    ends_at timestamp with time zone,
    max_uses integer,
    max_uses_per_customer integer,
    uses integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT promo_codes_amount_cents_check CHECK ((amount_cents > 0)),
    CONSTRAINT promo_codes_check CHECK ((((kind = 'percent'::text) = (percent_bps IS NOT NULL)) AND ((kind = 'fixed'::text) = (amount_cents IS NOT NULL)))),
    CONSTRAINT promo_codes_check1 CHECK (((ends_at IS NULL) OR (starts_at IS NULL) OR (ends_at > starts_at))),
    CONSTRAINT promo_codes_check2 CHECK (((uses >= 0) AND ((max_uses IS NULL) OR (uses <= max_uses)))),
    CONSTRAINT promo_codes_code_check CHECK ((code ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'::text)),
    CONSTRAINT promo_codes_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT promo_codes_kind_check CHECK ((kind = ANY (ARRAY['percent'::text, 'fixed'::text]))),
    CONSTRAINT promo_codes_max_uses_check CHECK ((max_uses > 0)),
    CONSTRAINT promo_codes_max_uses_per_customer_check CHECK ((max_uses_per_customer > 0)),
    CONSTRAINT promo_codes_minimum_subtotal_cents_check CHECK ((minimum_subtotal_cents >= 0)),
    CONSTRAINT promo_codes_percent_bps_check CHECK (((percent_bps >= 1) AND (percent_bps <= 10000)))
);

ALTER TABLE promo_codes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME promo_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY promo_codes
    ADD CONSTRAINT promo_codes_code_key UNIQUE (code);

ALTER TABLE ONLY promo_codes
    ADD CONSTRAINT promo_codes_pkey PRIMARY KEY (id);

CREATE TABLE locations (
    id bigint NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    address text DEFAULT ''::text NOT NULL,
    phone text DEFAULT ''::text NOT NULL,
    timezone text DEFAULT 'America/Los_Angeles'::text NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    square_location_id text,
    pickup_slot_minutes integer DEFAULT 15 NOT NULL,
    pickup_lead_minutes integer DEFAULT 20 NOT NULL,
    pickup_days_ahead integer DEFAULT 1 NOT NULL,
    pickup_slot_capacity integer DEFAULT 8 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    delivery_enabled boolean DEFAULT false NOT NULL,
    delivery_window_minutes integer DEFAULT 60 NOT NULL,
    delivery_lead_minutes integer DEFAULT 60 NOT NULL,
    delivery_days_ahead integer DEFAULT 2 NOT NULL,
    delivery_window_capacity integer DEFAULT 4 NOT NULL,
    shipping_enabled boolean DEFAULT false NOT NULL,
    shipping_flat_cents bigint DEFAULT 0 NOT NULL,
    shipping_days_ahead integer DEFAULT 7 NOT NULL,
    tax_name text DEFAULT 'Sales tax'::text NOT NULL,
    tax_rate_bps integer DEFAULT 0 NOT NULL,
    tax_inclusive boolean DEFAULT false NOT NULL,
    tips_enabled boolean DEFAULT true NOT NULL,
    tip_percentages integer[] DEFAULT '{10,15,20}'::integer[] NOT NULL,
    CONSTRAINT locations_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT locations_delivery_days_ahead_check CHECK (((delivery_days_ahead >= 0) AND (delivery_days_ahead <= 30))),
    CONSTRAINT locations_delivery_lead_minutes_check CHECK (((delivery_lead_minutes >= 0) AND (delivery_lead_minutes <= 2880))),
    CONSTRAINT locations_delivery_window_capacity_check CHECK (((delivery_window_capacity >= 1) AND (delivery_window_capacity <= 1000))),
    CONSTRAINT locations_delivery_window_minutes_check CHECK (((delivery_window_minutes >= 15) AND (delivery_window_minutes <= 480))),
    CONSTRAINT locations_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT locations_pickup_days_ahead_check CHECK (((pickup_days_ahead >= 0) AND (pickup_days_ahead <= 30))),
    CONSTRAINT locations_pickup_lead_minutes_check CHECK (((pickup_lead_minutes >= 0) AND (pickup_lead_minutes <= 1440))),
    CONSTRAINT locations_pickup_slot_capacity_check CHECK (((pickup_slot_capacity >= 1) AND (pickup_slot_capacity <= 1000))),
    CONSTRAINT locations_pickup_slot_minutes_check CHECK (((pickup_slot_minutes >= 5) AND (pickup_slot_minutes <= 240))),
    CONSTRAINT locations_shipping_days_ahead_check CHECK (((shipping_days_ahead >= 0) AND (shipping_days_ahead <= 60))),
    CONSTRAINT locations_shipping_flat_cents_check CHECK ((shipping_flat_cents >= 0)),
    CONSTRAINT locations_slug_check CHECK ((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text)),
    CONSTRAINT locations_tax_name_check CHECK ((length(TRIM(BOTH FROM tax_name)) > 0)),
    CONSTRAINT locations_tax_rate_bps_check CHECK (((tax_rate_bps >= 0) AND (tax_rate_bps <= 5000))),
    CONSTRAINT locations_tip_percentages_check CHECK (((cardinality(tip_percentages) <= 5) AND (0 < ALL (tip_percentages)) AND (100 >= ALL (tip_percentages))))
);

ALTER TABLE locations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME locations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY locations
    ADD CONSTRAINT locations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY locations
    ADD CONSTRAINT locations_slug_key UNIQUE (slug);

ALTER TABLE ONLY locations
    ADD CONSTRAINT locations_square_location_id_key UNIQUE (square_location_id);

CREATE TABLE delivery_zones (
    id bigint NOT NULL,
    location_id bigint NOT NULL,
    name text NOT NULL,
    fee_cents bigint DEFAULT 0 NOT NULL,
    minimum_cents bigint DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT delivery_zones_fee_cents_check CHECK ((fee_cents >= 0)),
    CONSTRAINT delivery_zones_minimum_cents_check CHECK ((minimum_cents >= 0)),
    CONSTRAINT delivery_zones_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
);

ALTER TABLE delivery_zones ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME delivery_zones_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY delivery_zones
    ADD CONSTRAINT delivery_zones_id_location_id_key UNIQUE (id, location_id);

ALTER TABLE ONLY delivery_zones
    ADD CONSTRAINT delivery_zones_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX delivery_zones_location_name_key ON delivery_zones USING btree (location_id, lower(TRIM(BOTH FROM name)));

CREATE TABLE carts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    checked_out_at timestamp with time zone
);

ALTER TABLE ONLY carts
    ADD CONSTRAINT carts_pkey PRIMARY KEY (id);

CREATE TABLE refunds (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id bigint NOT NULL,
    payment_id bigint NOT NULL,
    amount_cents bigint NOT NULL,
    currency character(3) NOT NULL,
    reason text NOT NULL,
    status text DEFAULT 'requested'::text NOT NULL,
    square_refund_id text,
    error_message text,
    requested_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT refunds_amount_cents_check CHECK ((amount_cents > 0)),
    CONSTRAINT refunds_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 192))),
    CONSTRAINT refunds_status_check CHECK ((status = ANY (ARRAY['requested'::text, 'pending'::text, 'completed'::text, 'failed'::text])))
);

ALTER TABLE ONLY refunds
    ADD CONSTRAINT refunds_pkey PRIMARY KEY (id);

ALTER TABLE ONLY refunds
    ADD CONSTRAINT refunds_square_refund_id_key UNIQUE (square_refund_id);

CREATE INDEX refunds_order_idx ON refunds USING btree (order_id, created_at);

CREATE TABLE payment_attempts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id bigint NOT NULL,
    method text NOT NULL,
    status text DEFAULT 'created'::text NOT NULL,
    amount_cents bigint NOT NULL,
    currency character(3) NOT NULL,
    square_payment_link_id text,
    square_order_id text,
    checkout_url text,
    square_payment_id text,
    error_code text,
    error_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    source_id text,
    CONSTRAINT payment_attempts_amount_cents_check CHECK ((amount_cents >= 0)),
    CONSTRAINT payment_attempts_method_check CHECK ((method = ANY (ARRAY['payment_link'::text, 'card'::text]))),
    CONSTRAINT payment_attempts_status_check CHECK ((status = ANY (ARRAY['created'::text, 'pending'::text, 'completed'::text, 'failed'::text, 'unknown'::text])))
);

ALTER TABLE ONLY payment_attempts
    ADD CONSTRAINT payment_attempts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY payment_attempts
    ADD CONSTRAINT payment_attempts_source_id_key UNIQUE (source_id);

ALTER TABLE ONLY payment_attempts
    ADD CONSTRAINT payment_attempts_square_payment_link_id_key UNIQUE (square_payment_link_id);

CREATE INDEX payment_attempts_order_idx ON payment_attempts USING btree (order_id, created_at DESC);

CREATE INDEX payment_attempts_square_order_idx ON payment_attempts USING btree (square_order_id);

CREATE TABLE admin_users (
    id bigint NOT NULL,
    email text NOT NULL,
    name text DEFAULT ''::text NOT NULL,
    password_hash text NOT NULL,
    role text DEFAULT 'owner'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_login_at timestamp with time zone,
    CONSTRAINT admin_users_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text)),
    CONSTRAINT admin_users_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'staff'::text])))
);

ALTER TABLE admin_users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME admin_users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY admin_users
    ADD CONSTRAINT admin_users_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX admin_users_email_key ON admin_users USING btree (lower(email));

CREATE TABLE audit_log (
    id bigint NOT NULL,
    admin_user_id bigint,
    actor text NOT NULL,
    action text NOT NULL,
    subject_type text,
    subject_id text,
    before jsonb,
    after jsonb,
    request_id text,
    ip inet,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_log_action_check CHECK ((action ~ '^[a-z_]+(\.[a-z_]+)*$'::text))
);

ALTER TABLE audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

CREATE INDEX audit_log_created_idx ON audit_log USING btree (created_at DESC);

CREATE INDEX audit_log_subject_idx ON audit_log USING btree (subject_type, subject_id, created_at DESC);

CREATE TABLE cart_items (
    cart_id uuid NOT NULL,
    variant_id bigint NOT NULL,
    quantity integer NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL,
    id bigint NOT NULL,
    modifier_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    CONSTRAINT cart_items_quantity_check CHECK (((quantity >= 1) AND (quantity <= 99)))
);

ALTER TABLE cart_items ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME cart_items_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY cart_items
    ADD CONSTRAINT cart_items_line_key UNIQUE (cart_id, variant_id, modifier_ids);

ALTER TABLE ONLY cart_items
    ADD CONSTRAINT cart_items_pkey PRIMARY KEY (id);

CREATE TABLE inventory_levels (
    variant_id bigint NOT NULL,
    location_id bigint NOT NULL,
    quantity integer NOT NULL,
    square_calculated_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT inventory_levels_quantity_check CHECK ((quantity >= 0))
);

ALTER TABLE ONLY inventory_levels
    ADD CONSTRAINT inventory_levels_pkey PRIMARY KEY (variant_id, location_id);

CREATE INDEX inventory_levels_location_idx ON inventory_levels USING btree (location_id);

CREATE TABLE modifier_lists (
    id bigint NOT NULL,
    name text NOT NULL,
    min_selected integer DEFAULT 0 NOT NULL,
    max_selected integer,
    sort_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    square_modifier_list_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    square_version bigint,
    CONSTRAINT modifier_lists_check CHECK (((max_selected IS NULL) OR (max_selected >= min_selected))),
    CONSTRAINT modifier_lists_max_selected_check CHECK (((max_selected >= 1) AND (max_selected <= 100))),
    CONSTRAINT modifier_lists_min_selected_check CHECK (((min_selected >= 0) AND (min_selected <= 100))),
    CONSTRAINT modifier_lists_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
);

ALTER TABLE modifier_lists ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME modifier_lists_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY modifier_lists
    ADD CONSTRAINT modifier_lists_pkey PRIMARY KEY (id);

ALTER TABLE ONLY modifier_lists
    ADD CONSTRAINT modifier_lists_square_modifier_list_id_key UNIQUE (square_modifier_list_id);

CREATE TABLE modifiers (
    id bigint NOT NULL,
    modifier_list_id bigint NOT NULL,
    name text NOT NULL,
    price_cents bigint DEFAULT 0 NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    square_modifier_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    square_version bigint,
    CONSTRAINT modifiers_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT modifiers_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT modifiers_price_cents_check CHECK ((price_cents >= 0))
);

ALTER TABLE modifiers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME modifiers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY modifiers
    ADD CONSTRAINT modifiers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY modifiers
    ADD CONSTRAINT modifiers_square_modifier_id_key UNIQUE (square_modifier_id);

CREATE INDEX modifiers_list_idx ON modifiers USING btree (modifier_list_id, sort_order);

CREATE TABLE product_modifier_lists (
    product_id bigint NOT NULL,
    modifier_list_id bigint NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    min_selected integer,
    max_selected integer,
    CONSTRAINT product_modifier_lists_max_selected_check CHECK (((max_selected >= 1) AND (max_selected <= 100))),
    CONSTRAINT product_modifier_lists_min_selected_check CHECK (((min_selected >= 0) AND (min_selected <= 100)))
);

ALTER TABLE ONLY product_modifier_lists
    ADD CONSTRAINT product_modifier_lists_pkey PRIMARY KEY (product_id, modifier_list_id);

CREATE INDEX product_modifier_lists_list_idx ON product_modifier_lists USING btree (modifier_list_id);

CREATE TABLE products (
    id bigint NOT NULL,
    category_id bigint NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    image_url text,
    sort_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    square_item_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    shippable boolean DEFAULT false NOT NULL,
    square_version bigint,
    square_image_id text,
    CONSTRAINT products_image_url_check CHECK (((image_url IS NULL) OR ((length(image_url) <= 2048) AND (image_url ~ '^https?://[^\s/?#]+[^\s]*$'::text)))),
    CONSTRAINT products_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT products_slug_check CHECK ((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text))
);

ALTER TABLE products ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME products_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);

ALTER TABLE ONLY products
    ADD CONSTRAINT products_slug_key UNIQUE (slug);

ALTER TABLE ONLY products
    ADD CONSTRAINT products_square_item_id_key UNIQUE (square_item_id);

CREATE INDEX products_category_idx ON products USING btree (category_id, sort_order) WHERE is_active;

CREATE TABLE variants (
    id bigint NOT NULL,
    product_id bigint NOT NULL,
    name text NOT NULL,
    price_cents bigint NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    sold_out boolean DEFAULT false NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    square_variation_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    low_stock_threshold integer,
    square_version bigint,
    CONSTRAINT variants_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT variants_low_stock_threshold_check CHECK ((low_stock_threshold >= 0)),
    CONSTRAINT variants_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT variants_price_cents_check CHECK ((price_cents >= 0))
);

ALTER TABLE variants ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME variants_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY variants
    ADD CONSTRAINT variants_pkey PRIMARY KEY (id);

ALTER TABLE ONLY variants
    ADD CONSTRAINT variants_product_id_name_key UNIQUE (product_id, name);

ALTER TABLE ONLY variants
    ADD CONSTRAINT variants_square_variation_id_key UNIQUE (square_variation_id);

CREATE INDEX variants_product_idx ON variants USING btree (product_id, sort_order);

CREATE TABLE catalog_images (
    square_image_id text NOT NULL,
    url text,
    square_version bigint NOT NULL,
    is_deleted boolean DEFAULT false NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT catalog_images_check CHECK ((is_deleted OR (url IS NOT NULL)))
);

ALTER TABLE ONLY catalog_images
    ADD CONSTRAINT catalog_images_pkey PRIMARY KEY (square_image_id);

CREATE TABLE catalog_sync_runs (
    id bigint NOT NULL,
    kind text NOT NULL,
    trigger text NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    begin_time text,
    latest_time text,
    pages integer DEFAULT 0 NOT NULL,
    objects_received integer DEFAULT 0 NOT NULL,
    objects_applied integer DEFAULT 0 NOT NULL,
    products_deactivated integer DEFAULT 0 NOT NULL,
    inventory_counts_applied integer DEFAULT 0 NOT NULL,
    error text,
    request_id text,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    CONSTRAINT catalog_sync_runs_check CHECK (((status = 'running'::text) = (finished_at IS NULL))),
    CONSTRAINT catalog_sync_runs_check1 CHECK (((status <> 'failed'::text) OR (error IS NOT NULL))),
    CONSTRAINT catalog_sync_runs_inventory_counts_applied_check CHECK ((inventory_counts_applied >= 0)),
    CONSTRAINT catalog_sync_runs_kind_check CHECK ((kind = ANY (ARRAY['full'::text, 'incremental'::text]))),
    CONSTRAINT catalog_sync_runs_objects_applied_check CHECK ((objects_applied >= 0)),
    CONSTRAINT catalog_sync_runs_objects_received_check CHECK ((objects_received >= 0)),
    CONSTRAINT catalog_sync_runs_pages_check CHECK ((pages >= 0)),
    CONSTRAINT catalog_sync_runs_products_deactivated_check CHECK ((products_deactivated >= 0)),
    CONSTRAINT catalog_sync_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text]))),
    CONSTRAINT catalog_sync_runs_trigger_check CHECK ((trigger = ANY (ARRAY['cron'::text, 'webhook'::text, 'admin'::text])))
);

ALTER TABLE catalog_sync_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME catalog_sync_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY catalog_sync_runs
    ADD CONSTRAINT catalog_sync_runs_pkey PRIMARY KEY (id);

CREATE INDEX catalog_sync_runs_started_idx ON catalog_sync_runs USING btree (started_at DESC, id DESC);

CREATE TABLE catalog_sync_state (
    id boolean DEFAULT true NOT NULL,
    latest_time text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT catalog_sync_state_id_check CHECK (id),
    CONSTRAINT catalog_sync_state_latest_time_check CHECK ((latest_time <> ''::text))
);

ALTER TABLE ONLY catalog_sync_state
    ADD CONSTRAINT catalog_sync_state_pkey PRIMARY KEY (id);

CREATE TABLE categories (
    id bigint NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    square_category_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    square_version bigint,
    CONSTRAINT categories_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT categories_slug_check CHECK ((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text))
);

ALTER TABLE categories ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME categories_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY categories
    ADD CONSTRAINT categories_pkey PRIMARY KEY (id);

ALTER TABLE ONLY categories
    ADD CONSTRAINT categories_slug_key UNIQUE (slug);

ALTER TABLE ONLY categories
    ADD CONSTRAINT categories_square_category_id_key UNIQUE (square_category_id);

CREATE TABLE customers (
    id bigint NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    phone text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT customers_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text))
);

ALTER TABLE customers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME customers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX customers_email_key ON customers USING btree (lower(email));

CREATE TABLE daily_sales (
    location_id bigint NOT NULL,
    day date NOT NULL,
    currency character(3) NOT NULL,
    orders_paid integer DEFAULT 0 NOT NULL,
    items_sold integer DEFAULT 0 NOT NULL,
    subtotal_cents bigint DEFAULT 0 NOT NULL,
    discount_cents bigint DEFAULT 0 NOT NULL,
    tax_cents bigint DEFAULT 0 NOT NULL,
    delivery_fee_cents bigint DEFAULT 0 NOT NULL,
    shipping_cents bigint DEFAULT 0 NOT NULL,
    tip_cents bigint DEFAULT 0 NOT NULL,
    total_cents bigint DEFAULT 0 NOT NULL,
    refunded_cents bigint DEFAULT 0 NOT NULL,
    pickup_orders integer DEFAULT 0 NOT NULL,
    delivery_orders integer DEFAULT 0 NOT NULL,
    shipping_orders integer DEFAULT 0 NOT NULL,
    rolled_up_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT daily_sales_delivery_fee_cents_check CHECK ((delivery_fee_cents >= 0)),
    CONSTRAINT daily_sales_discount_cents_check CHECK ((discount_cents >= 0)),
    CONSTRAINT daily_sales_items_sold_check CHECK ((items_sold >= 0)),
    CONSTRAINT daily_sales_orders_paid_check CHECK ((orders_paid >= 0)),
    CONSTRAINT daily_sales_refunded_cents_check CHECK ((refunded_cents >= 0)),
    CONSTRAINT daily_sales_shipping_cents_check CHECK ((shipping_cents >= 0)),
    CONSTRAINT daily_sales_subtotal_cents_check CHECK ((subtotal_cents >= 0)),
    CONSTRAINT daily_sales_tax_cents_check CHECK ((tax_cents >= 0)),
    CONSTRAINT daily_sales_tip_cents_check CHECK ((tip_cents >= 0)),
    CONSTRAINT daily_sales_total_cents_check CHECK ((total_cents >= 0))
);

ALTER TABLE ONLY daily_sales
    ADD CONSTRAINT daily_sales_pkey PRIMARY KEY (location_id, day);

CREATE TABLE delivery_zone_postal_codes (
    zone_id bigint NOT NULL,
    location_id bigint NOT NULL,
    postal_code text NOT NULL,
    CONSTRAINT delivery_zone_postal_codes_postal_code_check CHECK ((postal_code ~ '^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$'::text))
);

ALTER TABLE ONLY delivery_zone_postal_codes
    ADD CONSTRAINT delivery_zone_postal_codes_pkey PRIMARY KEY (location_id, postal_code);

CREATE INDEX delivery_zone_postal_codes_zone_idx ON delivery_zone_postal_codes USING btree (zone_id);

CREATE TABLE email_outbox (
    id bigint NOT NULL,
    template text NOT NULL,
    to_address text NOT NULL,
    order_id bigint,
    subject text,
    text_body text,
    html_body text,
    status text DEFAULT 'queued'::text NOT NULL,
    transport text,
    message_id text,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone,
    refund_id uuid,
    CONSTRAINT email_outbox_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'sent'::text, 'failed'::text]))),
    CONSTRAINT email_outbox_template_check CHECK ((template = ANY (ARRAY['order_confirmation'::text, 'refund_confirmation'::text]))),
    CONSTRAINT email_outbox_transport_check CHECK ((transport = ANY (ARRAY['smtp'::text, 'outbox'::text])))
);

ALTER TABLE email_outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME email_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY email_outbox
    ADD CONSTRAINT email_outbox_pkey PRIMARY KEY (id);

CREATE INDEX email_outbox_created_idx ON email_outbox USING btree (created_at DESC);

CREATE UNIQUE INDEX email_outbox_one_confirmation ON email_outbox USING btree (order_id) WHERE (template = 'order_confirmation'::text);

CREATE UNIQUE INDEX email_outbox_one_per_refund ON email_outbox USING btree (refund_id) WHERE (template = 'refund_confirmation'::text);

CREATE TABLE location_closures (
    location_id bigint NOT NULL,
    closed_on date NOT NULL,
    reason text DEFAULT ''::text NOT NULL
);

ALTER TABLE ONLY location_closures
    ADD CONSTRAINT location_closures_pkey PRIMARY KEY (location_id, closed_on);

CREATE TABLE location_hours (
    location_id bigint NOT NULL,
    weekday smallint NOT NULL,
    opens_at time without time zone NOT NULL,
    closes_at time without time zone NOT NULL,
    CONSTRAINT location_hours_check CHECK ((opens_at < closes_at)),
    CONSTRAINT location_hours_weekday_check CHECK (((weekday >= 0) AND (weekday <= 6)))
);

ALTER TABLE ONLY location_hours
    ADD CONSTRAINT location_hours_pkey PRIMARY KEY (location_id, weekday, opens_at);

CREATE TABLE metric_rollups (
    name text NOT NULL,
    last_run_at timestamp with time zone NOT NULL,
    days_rolled_up integer NOT NULL,
    from_day date NOT NULL
);

ALTER TABLE ONLY metric_rollups
    ADD CONSTRAINT metric_rollups_pkey PRIMARY KEY (name);

CREATE TABLE order_events (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    type text NOT NULL,
    from_state text,
    to_state text,
    message text DEFAULT ''::text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE order_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME order_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY order_events
    ADD CONSTRAINT order_events_pkey PRIMARY KEY (id);

CREATE INDEX order_events_order_idx ON order_events USING btree (order_id, id);

CREATE TABLE order_item_modifiers (
    order_item_id bigint NOT NULL,
    modifier_id bigint,
    modifier_list_name text NOT NULL,
    name text NOT NULL,
    price_cents bigint NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    CONSTRAINT order_item_modifiers_price_cents_check CHECK ((price_cents >= 0))
);

CREATE INDEX order_item_modifiers_item_idx ON order_item_modifiers USING btree (order_item_id, sort_order);

CREATE TABLE order_items (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    variant_id bigint,
    product_name text NOT NULL,
    variant_name text NOT NULL,
    unit_price_cents bigint NOT NULL,
    quantity integer NOT NULL,
    modifiers_cents bigint DEFAULT 0 NOT NULL,
    discount_cents bigint DEFAULT 0 NOT NULL,
    tax_cents bigint DEFAULT 0 NOT NULL,
    line_total_cents bigint GENERATED ALWAYS AS (((unit_price_cents + modifiers_cents) * quantity)) STORED NOT NULL,
    CONSTRAINT order_items_discount_cents_check CHECK ((discount_cents >= 0)),
    CONSTRAINT order_items_modifiers_cents_check CHECK ((modifiers_cents >= 0)),
    CONSTRAINT order_items_quantity_check CHECK (((quantity >= 1) AND (quantity <= 99))),
    CONSTRAINT order_items_tax_cents_check CHECK ((tax_cents >= 0)),
    CONSTRAINT order_items_unit_price_cents_check CHECK ((unit_price_cents >= 0))
);

ALTER TABLE order_items ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME order_items_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY order_items
    ADD CONSTRAINT order_items_pkey PRIMARY KEY (id);

CREATE INDEX order_items_order_idx ON order_items USING btree (order_id);

CREATE INDEX order_items_variant_idx ON order_items USING btree (variant_id);

CREATE TABLE orders (
    id bigint NOT NULL,
    number integer DEFAULT nextval('order_number_seq'::regclass) NOT NULL,
    public_token text DEFAULT translate(encode((uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), 'base64'::text), '+/='::text, '-_'::text) NOT NULL,
    checkout_key uuid NOT NULL,
    cart_id uuid,
    location_id bigint NOT NULL,
    customer_id bigint,
    customer_name text NOT NULL,
    customer_email text NOT NULL,
    customer_phone text NOT NULL,
    state text DEFAULT 'pending_payment'::text NOT NULL,
    fulfillment text DEFAULT 'pickup'::text NOT NULL,
    pickup_at timestamp with time zone,
    currency character(3) NOT NULL,
    subtotal_cents bigint NOT NULL,
    total_cents bigint NOT NULL,
    paid_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    square_order_id text,
    delivery_zone_id bigint,
    delivery_at timestamp with time zone,
    ship_on date,
    address_line1 text,
    address_line2 text,
    address_city text,
    address_region text,
    address_postal_code text,
    promo_code_id bigint,
    promo_code text,
    discount_cents bigint DEFAULT 0 NOT NULL,
    tax_name text,
    tax_rate_bps integer DEFAULT 0 NOT NULL,
    tax_inclusive boolean DEFAULT false NOT NULL,
    tax_cents bigint DEFAULT 0 NOT NULL,
    delivery_fee_cents bigint DEFAULT 0 NOT NULL,
    shipping_cents bigint DEFAULT 0 NOT NULL,
    tip_cents bigint DEFAULT 0 NOT NULL,
    CONSTRAINT orders_check CHECK (((fulfillment <> 'pickup'::text) OR (pickup_at IS NOT NULL))),
    CONSTRAINT orders_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT orders_delivery_details CHECK (((fulfillment <> 'delivery'::text) OR ((delivery_at IS NOT NULL) AND (address_line1 IS NOT NULL) AND (address_postal_code IS NOT NULL)))),
    CONSTRAINT orders_delivery_fee_cents_check CHECK ((delivery_fee_cents >= 0)),
    CONSTRAINT orders_discount_cents_check CHECK ((discount_cents >= 0)),
    CONSTRAINT orders_fulfillment_check CHECK ((fulfillment = ANY (ARRAY['pickup'::text, 'delivery'::text, 'shipping'::text]))),
    CONSTRAINT orders_shipping_cents_check CHECK ((shipping_cents >= 0)),
    CONSTRAINT orders_shipping_details CHECK (((fulfillment <> 'shipping'::text) OR ((ship_on IS NOT NULL) AND (address_line1 IS NOT NULL) AND (address_city IS NOT NULL) AND (address_region IS NOT NULL) AND (address_postal_code IS NOT NULL)))),
    CONSTRAINT orders_state_check CHECK ((state = ANY (ARRAY['pending_payment'::text, 'paid'::text, 'preparing'::text, 'ready'::text, 'out_for_delivery'::text, 'completed'::text, 'cancelled'::text, 'refunded'::text, 'partially_refunded'::text]))),
    CONSTRAINT orders_subtotal_cents_check CHECK ((subtotal_cents >= 0)),
    CONSTRAINT orders_tax_cents_check CHECK ((tax_cents >= 0)),
    CONSTRAINT orders_tax_rate_bps_check CHECK ((tax_rate_bps >= 0)),
    CONSTRAINT orders_tip_cents_check CHECK ((tip_cents >= 0)),
    CONSTRAINT orders_total_adds_up CHECK ((total_cents = (((((subtotal_cents - discount_cents) +
CASE
    WHEN tax_inclusive THEN (0)::bigint
    ELSE tax_cents
END) + delivery_fee_cents) + shipping_cents) + tip_cents))),
    CONSTRAINT orders_total_cents_check CHECK ((total_cents >= 0))
);

ALTER TABLE orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_cart_id_key UNIQUE (cart_id);

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_checkout_key_key UNIQUE (checkout_key);

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_number_key UNIQUE (number);

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_public_token_key UNIQUE (public_token);

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_square_order_id_key UNIQUE (square_order_id);

CREATE INDEX orders_created_idx ON orders USING btree (created_at DESC);

CREATE INDEX orders_customer_idx ON orders USING btree (customer_id);

CREATE INDEX orders_state_idx ON orders USING btree (state, created_at DESC);

CREATE TABLE payments (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    payment_attempt_id uuid,
    square_payment_id text NOT NULL,
    status text NOT NULL,
    amount_cents bigint NOT NULL,
    currency character(3) NOT NULL,
    card_brand text,
    card_last4 text,
    receipt_url text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payments_amount_cents_check CHECK ((amount_cents >= 0)),
    CONSTRAINT payments_status_check CHECK ((status = ANY (ARRAY['APPROVED'::text, 'PENDING'::text, 'COMPLETED'::text, 'CANCELED'::text, 'FAILED'::text])))
);

ALTER TABLE payments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME payments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY payments
    ADD CONSTRAINT payments_square_payment_id_key UNIQUE (square_payment_id);

CREATE UNIQUE INDEX payments_one_completed_per_order ON payments USING btree (order_id) WHERE (status = 'COMPLETED'::text);

CREATE INDEX payments_order_idx ON payments USING btree (order_id);

CREATE TABLE promo_redemptions (
    promo_code_id bigint NOT NULL,
    order_id bigint NOT NULL,
    customer_email text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY promo_redemptions
    ADD CONSTRAINT promo_redemptions_order_id_key UNIQUE (order_id);

ALTER TABLE ONLY promo_redemptions
    ADD CONSTRAINT promo_redemptions_pkey PRIMARY KEY (promo_code_id, order_id);

CREATE INDEX promo_redemptions_customer_idx ON promo_redemptions USING btree (promo_code_id, customer_email);

CREATE TABLE sessions (
    id text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    admin_user_id bigint,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

CREATE INDEX sessions_expires_idx ON sessions USING btree (expires_at);

CREATE TABLE settings (
    key text NOT NULL,
    value jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT settings_catalog_source_check CHECK (((key <> 'catalog.source'::text) OR (value = ANY (ARRAY['"local"'::jsonb, '"square"'::jsonb])))),
    CONSTRAINT settings_key_check CHECK ((key ~ '^[a-z][a-z0-9_.]*$'::text))
);

ALTER TABLE ONLY settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (key);

CREATE TABLE slot_reservations (
    location_id bigint NOT NULL,
    slot_at timestamp with time zone NOT NULL,
    capacity integer NOT NULL,
    reserved integer DEFAULT 0 NOT NULL,
    kind text DEFAULT 'pickup'::text NOT NULL,
    CONSTRAINT pickup_slot_reservations_capacity_check CHECK ((capacity > 0)),
    CONSTRAINT pickup_slot_reservations_check CHECK (((reserved >= 0) AND (reserved <= capacity))),
    CONSTRAINT slot_reservations_kind_check CHECK ((kind = ANY (ARRAY['pickup'::text, 'delivery'::text])))
);

ALTER TABLE ONLY slot_reservations
    ADD CONSTRAINT slot_reservations_pkey PRIMARY KEY (location_id, kind, slot_at);

CREATE TABLE webhook_events (
    id bigint NOT NULL,
    provider text NOT NULL,
    event_id text NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL,
    state text DEFAULT 'received'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    processed_at timestamp with time zone,
    CONSTRAINT webhook_events_provider_check CHECK ((provider = 'square'::text)),
    CONSTRAINT webhook_events_state_check CHECK ((state = ANY (ARRAY['received'::text, 'processed'::text, 'ignored'::text, 'failed'::text, 'dead'::text])))
);

ALTER TABLE webhook_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME webhook_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY webhook_events
    ADD CONSTRAINT webhook_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY webhook_events
    ADD CONSTRAINT webhook_events_provider_event_id_key UNIQUE (provider, event_id);

CREATE INDEX webhook_events_state_idx ON webhook_events USING btree (state, received_at DESC);

CREATE INDEX webhook_events_type_idx ON webhook_events USING btree (type, received_at DESC);

-- Foreign keys, once every table exists.
ALTER TABLE ONLY audit_log
    ADD CONSTRAINT audit_log_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES admin_users(id) ON DELETE SET NULL;

ALTER TABLE ONLY cart_items
    ADD CONSTRAINT cart_items_cart_id_fkey FOREIGN KEY (cart_id) REFERENCES carts(id) ON DELETE CASCADE;

ALTER TABLE ONLY cart_items
    ADD CONSTRAINT cart_items_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES variants(id) ON DELETE CASCADE;

ALTER TABLE ONLY daily_sales
    ADD CONSTRAINT daily_sales_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id) ON DELETE CASCADE;

ALTER TABLE ONLY delivery_zone_postal_codes
    ADD CONSTRAINT delivery_zone_postal_codes_zone_id_location_id_fkey FOREIGN KEY (zone_id, location_id) REFERENCES delivery_zones(id, location_id) ON DELETE CASCADE;

ALTER TABLE ONLY delivery_zones
    ADD CONSTRAINT delivery_zones_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id) ON DELETE CASCADE;

ALTER TABLE ONLY email_outbox
    ADD CONSTRAINT email_outbox_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE SET NULL;

ALTER TABLE ONLY email_outbox
    ADD CONSTRAINT email_outbox_refund_id_fkey FOREIGN KEY (refund_id) REFERENCES refunds(id) ON DELETE SET NULL;

ALTER TABLE ONLY inventory_levels
    ADD CONSTRAINT inventory_levels_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id) ON DELETE CASCADE;

ALTER TABLE ONLY inventory_levels
    ADD CONSTRAINT inventory_levels_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES variants(id) ON DELETE CASCADE;

ALTER TABLE ONLY location_closures
    ADD CONSTRAINT location_closures_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id) ON DELETE CASCADE;

ALTER TABLE ONLY location_hours
    ADD CONSTRAINT location_hours_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id) ON DELETE CASCADE;

ALTER TABLE ONLY modifiers
    ADD CONSTRAINT modifiers_modifier_list_id_fkey FOREIGN KEY (modifier_list_id) REFERENCES modifier_lists(id) ON DELETE CASCADE;

ALTER TABLE ONLY order_events
    ADD CONSTRAINT order_events_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE;

ALTER TABLE ONLY order_item_modifiers
    ADD CONSTRAINT order_item_modifiers_modifier_id_fkey FOREIGN KEY (modifier_id) REFERENCES modifiers(id) ON DELETE SET NULL;

ALTER TABLE ONLY order_item_modifiers
    ADD CONSTRAINT order_item_modifiers_order_item_id_fkey FOREIGN KEY (order_item_id) REFERENCES order_items(id) ON DELETE CASCADE;

ALTER TABLE ONLY order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE;

ALTER TABLE ONLY order_items
    ADD CONSTRAINT order_items_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES variants(id) ON DELETE SET NULL;

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_cart_id_fkey FOREIGN KEY (cart_id) REFERENCES carts(id) ON DELETE SET NULL;

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE SET NULL;

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_delivery_zone_id_fkey FOREIGN KEY (delivery_zone_id) REFERENCES delivery_zones(id) ON DELETE SET NULL;

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id) ON DELETE RESTRICT;

ALTER TABLE ONLY orders
    ADD CONSTRAINT orders_promo_code_id_fkey FOREIGN KEY (promo_code_id) REFERENCES promo_codes(id) ON DELETE SET NULL;

ALTER TABLE ONLY payment_attempts
    ADD CONSTRAINT payment_attempts_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE;

ALTER TABLE ONLY payments
    ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE RESTRICT;

ALTER TABLE ONLY payments
    ADD CONSTRAINT payments_payment_attempt_id_fkey FOREIGN KEY (payment_attempt_id) REFERENCES payment_attempts(id) ON DELETE SET NULL;

ALTER TABLE ONLY slot_reservations
    ADD CONSTRAINT pickup_slot_reservations_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id) ON DELETE CASCADE;

ALTER TABLE ONLY product_modifier_lists
    ADD CONSTRAINT product_modifier_lists_modifier_list_id_fkey FOREIGN KEY (modifier_list_id) REFERENCES modifier_lists(id) ON DELETE CASCADE;

ALTER TABLE ONLY product_modifier_lists
    ADD CONSTRAINT product_modifier_lists_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE;

ALTER TABLE ONLY products
    ADD CONSTRAINT products_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE RESTRICT;

ALTER TABLE ONLY promo_redemptions
    ADD CONSTRAINT promo_redemptions_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE;

ALTER TABLE ONLY promo_redemptions
    ADD CONSTRAINT promo_redemptions_promo_code_id_fkey FOREIGN KEY (promo_code_id) REFERENCES promo_codes(id) ON DELETE RESTRICT;

ALTER TABLE ONLY refunds
    ADD CONSTRAINT refunds_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE RESTRICT;

ALTER TABLE ONLY refunds
    ADD CONSTRAINT refunds_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES payments(id) ON DELETE RESTRICT;

ALTER TABLE ONLY refunds
    ADD CONSTRAINT refunds_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES admin_users(id) ON DELETE SET NULL;

ALTER TABLE ONLY sessions
    ADD CONSTRAINT sessions_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES admin_users(id) ON DELETE CASCADE;

ALTER TABLE ONLY variants
    ADD CONSTRAINT variants_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE;

-- Down Migration
drop schema private cascade;
drop table webhook_events,
  slot_reservations,
  settings,
  sessions,
  promo_redemptions,
  payments,
  orders,
  order_items,
  order_item_modifiers,
  order_events,
  metric_rollups,
  location_hours,
  location_closures,
  email_outbox,
  delivery_zone_postal_codes,
  daily_sales,
  customers,
  categories,
  catalog_sync_state,
  catalog_sync_runs,
  catalog_images,
  variants,
  products,
  product_modifier_lists,
  modifiers,
  modifier_lists,
  inventory_levels,
  cart_items,
  audit_log,
  admin_users,
  payment_attempts,
  refunds,
  carts,
  delivery_zones,
  locations,
  promo_codes cascade;
drop sequence order_number_seq;
