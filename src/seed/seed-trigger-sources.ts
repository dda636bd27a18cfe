import type { Tenant } from '../store/tenants.js';
import type { TriggerSourceAnalytics, TriggerSourceRecord } from '../store/trigger-source.js';
import { STORE_FORMAT_VERSION, type StoreData } from '../store/store-data.js';
import { isoTime } from './iso-time.js';
import { Random } from '../engine/generation/random.js';

export const DEFAULT_SEED = 2013;
export const DEFAULT_RECORDS_PER_TENANT = 25;
/**
 * Seeded timestamps count back from this fixed instant rather than from the clock, so one seed
 * always gives the same dataset. It lies in the past, so every seeded time is before "now".
 */
export const SEED_REFERENCE_TIME = new Date('2026-01-01T00:00:00.000Z');

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_AMOUNTS = [1, 5, 10, 25, 50];

const QR_FORMATS = ['PNG', 'SVG'];
const QR_SIZES_PX = [512, 1024];
const QR_PLACEMENTS = [
  'Main Entrance',
  'Checkout Counter',
  'Window Poster',
  'Table Tent',
  'Receipt Footer',
  'Loyalty Card',
  'Parking Entrance',
  'Event Booth',
  'Product Packaging',
  'Fitting Room',
  'Menu Board',
  'Delivery Bag',
];
const WEBHOOK_SYSTEMS = [
  { name: 'Shopify', id: 'shopify' },
  { name: 'Square POS', id: 'square' },
  { name: 'Lightspeed', id: 'lightspeed' },
  { name: 'Stripe', id: 'stripe' },
  { name: 'Mobile App', id: 'mobile-app' },
  { name: 'Salesforce', id: 'salesforce' },
];
const WEBHOOK_EVENTS = [
  { name: 'Order Completed', id: 'order.completed' },
  { name: 'Purchase', id: 'purchase.created' },
  { name: 'Signup', id: 'customer.created' },
  { name: 'Check-in', id: 'visit.checked_in' },
  { name: 'Review Posted', id: 'review.created' },
  { name: 'Subscription Renewed', id: 'subscription.renewed' },
];
const WEBHOOK_KINDS = WEBHOOK_SYSTEMS.flatMap((system) =>
  WEBHOOK_EVENTS.map((event) => ({ system, event, name: `${system.name} ${event.name} Webhook` })),
);
type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export interface SeedOptions {
  seed: number;
  recordsPerTenant: number;
  referenceTime?: Date;
}

/**
 * A complete store: `recordsPerTenant` realistic trigger sources for every tenant, the same for
 * the same seed, each tenant's in the order they were created (as a real store would have them).
 * Each tenant draws from its own sequence, so a tenant added at the end of the tenants file
 * leaves the others' data as it was.
 */
export async function seedStoreData(tenants: readonly Tenant[], options: SeedOptions): Promise<StoreData> {
  const now = (options.referenceTime ?? SEED_REFERENCE_TIME).getTime();
  // Loaded here, not at start-up: a server on an existing store never seeds.
  const { faker } = await import('@faker-js/faker/locale/base');
  const triggerSources = tenants.flatMap((tenant, index) => {
    const seeder = new TenantSeeder(tenant, new Random(faker, [options.seed, index]), now);
    // Creation times first, so that records are made in the order they are kept: walking them
    // (to write the store, to index it) then reads memory in order.
    const creationTimes = Array.from({ length: options.recordsPerTenant }, () => seeder.creationTime()).sort(
      (a, b) => a - b,
    );
    return creationTimes.map((createdAt) => seeder.triggerSource(createdAt));
  });
  return {
    formatVersion: STORE_FORMAT_VERSION,
    seed: { seed: options.seed, recordsPerTenant: options.recordsPerTenant },
    triggerSources,
  };
}

/** Where a source is: one of the tenant's businesses, or the tenant as a whole. */
interface Place {
  businessId: string | null;
  where: string;
}

/**
 * One tenant's trigger sources. Names and descriptions are built once per place and kind and
 * shared: 100,000 records have a few hundred distinct ones, and fewer strings to build, keep and
 * compare is much of what makes seeding that many take a fraction of a second.
 */
class TenantSeeder {
  private readonly businessPlaces: Place[];
  private readonly tenantPlace: Place;
  private readonly campaignIds: string[];
  private readonly qrTexts = memoize((place: Place, placement: string) => ({
    name: `${place.where} ${placement} QR Code`,
    description: `QR code on the ${placement.toLowerCase()} at ${place.where}; scanning it awards loyalty tokens.`,
  }));
  private readonly webhookDescriptions = memoize(
    (place: Place, kind: WebhookKind) => `Called by ${kind.system.name} on ${kind.event.id} for ${place.where}.`,
  );

  constructor(
    private readonly tenant: Tenant,
    private readonly random: Random,
    private readonly now: number,
  ) {
    this.businessPlaces = tenant.businesses.map((business) => ({
      businessId: business.id,
      where: business.name.split('—').pop()!.trim(),
    }));
    this.tenantPlace = { businessId: null, where: tenant.name };
    this.campaignIds = tenant.campaigns.map((campaign) => campaign.id);
  }

  /** Up to a year before `now`. */
  creationTime(): number {
    return this.now - this.random.int(1, 365) * DAY_MS - this.random.int(0, DAY_MS);
  }

  triggerSource(createdAt: number): TriggerSourceRecord {
    const { random, now } = this;
    const place =
      this.businessPlaces.length > 0 && random.chance(0.75) ? random.pick(this.businessPlaces) : this.tenantPlace;
    const updatedAt = random.chance(0.4) ? createdAt : random.int(createdAt, now);
    const tokenConfig = { tokenId: String(random.int(1, 12)), amount: random.pick(TOKEN_AMOUNTS) };
    const shape = random.chance(0.65) ? this.qrCode(place, tokenConfig) : this.webhook(place, tokenConfig);
    const created = isoTime(createdAt);
    return {
      id: random.uuid(),
      tenantId: this.tenant.id,
      type: shape.type,
      name: shape.name,
      description: random.chance(0.8) ? shape.description : null,
      metadata: shape.metadata,
      businessId: place.businessId,
      isActive: random.chance(0.85),
      analytics: random.chance(0.7) ? analytics(random, createdAt, now) : null,
      campaignIds: random.sample(this.campaignIds, 0, 2),
      createdAt: created,
      updatedAt: updatedAt === createdAt ? created : isoTime(updatedAt),
      deletedAt: null,
    };
  }

  private qrCode(place: Place, tokenConfig: object): Shape {
    const placement = this.random.pick(QR_PLACEMENTS);
    const { name, description } = this.qrTexts(place, placement);
    return {
      type: 'QR_CODE',
      name,
      description,
      metadata: {
        tokenConfig,
        placement,
        qrCode: { format: this.random.pick(QR_FORMATS), sizePx: this.random.pick(QR_SIZES_PX) },
      },
    };
  }

  private webhook(place: Place, tokenConfig: object): Shape {
    const kind = this.random.pick(WEBHOOK_KINDS);
    return {
      type: 'API_WEBHOOK',
      name: kind.name,
      description: this.webhookDescriptions(place, kind),
      metadata: {
        tokenConfig,
        webhookConfig: {
          source: kind.system.id,
          event: kind.event.id,
          signatureHeader: 'x-pers-signature',
          secretLast4: this.random.hex(4),
        },
      },
    };
  }
}

type Shape = Pick<TriggerSourceRecord, 'type' | 'name' | 'metadata'> & { description: string };

/** `build(a, b)`, computed once per pair of keys. */
function memoize<A, B, R>(build: (a: A, b: B) => R): (a: A, b: B) => R {
  const results = new Map<A, Map<B, R>>();
  return (a, b) => {
    let byB = results.get(a);
    if (!byB) results.set(a, (byB = new Map<B, R>()));
    let result = byB.get(b);
    if (result === undefined) byB.set(b, (result = build(a, b)));
    return result;
  };
}

/** Internally consistent: unique ≤ total, first ≤ last ≤ now, the daily average over the last 30 days. */
function analytics(random: Random, createdAt: number, now: number): TriggerSourceAnalytics {
  const firstEngagedAt = random.int(createdAt, now);
  const lastEngagedAt = random.int(firstEngagedAt, now);
  const totalEngagements = random.int(1, 5000);
  const uniqueUsers = random.int(1, totalEngagements);
  const engagedRecently = now - lastEngagedAt <= 30 * DAY_MS;
  const lastThirtyDays = engagedRecently ? random.int(1, Math.min(totalEngagements, 30 * 40)) : 0;
  return {
    totalEngagements,
    uniqueUsers,
    lastEngagedAt: isoTime(lastEngagedAt),
    firstEngagedAt: isoTime(firstEngagedAt),
    averageEngagementsPerDay: Math.round((lastThirtyDays / 30) * 100) / 100,
  };
}
