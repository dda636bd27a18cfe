export const TRIGGER_SOURCE_TYPES = ['QR_CODE', 'API_WEBHOOK'] as const;
export type TriggerSourceType = (typeof TRIGGER_SOURCE_TYPES)[number];

export interface TriggerSourceAnalytics {
  totalEngagements: number;
  uniqueUsers: number;
  lastEngagedAt: string;
  firstEngagedAt: string;
  averageEngagementsPerDay: number;
}

/** What a client may set, on create and on update. */
export interface TriggerSourceInput {
  type: TriggerSourceType;
  name: string;
  description?: string | null;
  metadata?: Record<string, unknown>;
  businessId?: string | null;
}

/** A trigger source as stored: the public fields plus tenancy, campaign links and soft-delete state. */
export interface TriggerSourceRecord {
  id: string;
  tenantId: string;
  type: TriggerSourceType;
  name: string;
  description: string | null;
  metadata: Record<string, unknown>;
  businessId: string | null;
  isActive: boolean;
  analytics: TriggerSourceAnalytics | null;
  campaignIds: string[];
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export const SORT_FIELDS = ['name', 'createdAt', 'type'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortOrder = 'ASC' | 'DESC';

export interface TriggerSourceQuery {
  type?: TriggerSourceType;
  businessId?: string;
  campaignId?: string;
  active?: boolean;
  sortBy?: SortField;
  sortOrder?: SortOrder;
  /** Without a limit every match is returned. */
  limit?: number;
  /** 1-based. */
  page?: number;
}
