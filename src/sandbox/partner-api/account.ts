import type { ServiceType } from '../../yeastar/order-body';
import {
  ACCOUNT,
  BILLING_CONTACTS,
  type BillingContact,
  INSTANCES,
  type InstanceSeed,
  type Offer,
  PRODUCTS,
  type ProductSeed,
  SUBORDINATE_USERS,
  type SubordinateUser,
} from './seed';

/** Lookups over the seeded account. IDs are compared as exact decimal text, never as numbers. */
export const account = {
  ucId: ACCOUNT.ucId,
  contacts: BILLING_CONTACTS,
  users: SUBORDINATE_USERS,
  products: PRODUCTS,

  product(productId: number): ProductSeed | undefined {
    return PRODUCTS.find((p) => p.productId === productId);
  },

  contact(billingId: string): BillingContact | undefined {
    return BILLING_CONTACTS.find((c) => c.billingContactId === billingId);
  },

  /** By partnerId, or by e-mail: the guide's Get Subordinate User example passes an e-mail as the ID. */
  user(idOrEmail: string): SubordinateUser | undefined {
    return SUBORDINATE_USERS.find((u) => u.partnerId === idOrEmail || u.email === idOrEmail);
  },

  offer(product: ProductSeed, type: ServiceType, id: string): Offer | undefined {
    return (type === 'plan' ? product.plans : product.services).find((o) => o.id === id);
  },

  instancesOf(productId: number): InstanceSeed[] {
    return INSTANCES.filter((i) => i.productId === productId);
  },

  instance(productId: number, productNo: string): InstanceSeed | undefined {
    return INSTANCES.find((i) => i.productId === productId && i.productNo === productNo);
  },

  /** What is held at one place: a PBX's plan and services, or an account's subscriptions (productNo = owner ID). */
  instancesAt(productId: number, productNo: string): InstanceSeed[] {
    return INSTANCES.filter((i) => i.productId === productId && i.productNo === productNo);
  },

  /** The instances of a product held by the account itself (owner undefined) or by one subordinate user. */
  instancesOwnedBy(productId: number, owner: string | undefined): InstanceSeed[] {
    return INSTANCES.filter((i) => i.productId === productId && i.owner === owner);
  },
};
