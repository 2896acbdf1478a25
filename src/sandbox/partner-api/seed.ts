import type { BillingCycle } from '../../yeastar/order-body';

/**
 * The sandbox's Partner Portal account: a distributor with billing contacts, subordinate customers, the
 * product catalog and what it already owns. Chosen so that every tutorial request works verbatim; the
 * catalog IDs the tutorials and the guide print are real, the rest are made up in the same format.
 */

/** The account the sandbox's credentials belong to, as the guide's JWT example shows it. */
export const ACCOUNT = {
  ucId: '3076913644890832896',
  userId: '3076913644915998720',
  userCode: 'Distributor',
  username: 'distributorexample@outlook.com',
  /** The company behind the account (the Partner API has no call that says it). */
  company: 'Harbor Telecom Distribution',
} as const;

export interface BillingContact {
  billingContactId: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  company: string;
  phoneNumber: string;
  country: string;
  stateProvince: string;
  city: string;
  street: string;
  zipCode: string;
  taxNum: string;
  remark: string;
}

export const BILLING_CONTACTS: readonly BillingContact[] = [
  {
    billingContactId: '3197218168379846218',
    firstName: 'Mia',
    lastName: 'Chen',
    emailAddress: 'accounts@harbortel.example',
    company: 'Harbor Telecom Distribution',
    phoneNumber: '+86 592 555 0142',
    country: 'China',
    stateProvince: 'Fujian',
    city: 'Xiamen',
    street: '88 Guanyin Shan Road',
    zipCode: '361008',
    taxNum: '91350200MA2Y8K3L4Q',
    remark: 'Default invoice contact',
  },
  {
    // Not representable as a double: a rounded copy of it names nobody.
    billingContactId: '3090000000000000001',
    firstName: 'Ann',
    lastName: 'Lee',
    emailAddress: 'billing@acme.example',
    company: 'Acme Communications',
    phoneNumber: '+86 592 555 0199',
    country: 'China',
    stateProvince: 'Fujian',
    city: 'Xiamen',
    street: '12 Software Park Phase II',
    zipCode: '361000',
    taxNum: '',
    remark: '',
  },
  {
    billingContactId: '3201456789012345678',
    firstName: 'Lukas',
    lastName: 'Weber',
    emailAddress: 'rechnungen@harbortel.example',
    company: 'Harbor Telecom Europe GmbH',
    phoneNumber: '+49 40 555 0170',
    country: 'Germany',
    stateProvince: 'Hamburg',
    city: 'Hamburg',
    street: 'Am Sandtorkai 41',
    zipCode: '20457',
    taxNum: 'DE312345678',
    remark: 'EU invoices',
  },
];

export interface SubordinateUser {
  partnerId: string;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  phoneNumber: string;
  country: string;
  stateProvince: string;
  city: string;
  street: string;
  zipCode: string;
  taxNum: string;
  remark: string;
  userType: 'Enduser';
}

export const SUBORDINATE_USERS: readonly SubordinateUser[] = [
  {
    partnerId: '3076915454489739264',
    email: 'color123@yeastar.com',
    firstName: 'Color',
    lastName: 'Lee',
    company: 'Color Ltd',
    phoneNumber: '+34 91 555 0123',
    country: 'Spain',
    stateProvince: 'Madrid',
    city: 'Madrid',
    street: 'Calle de Alcalá 120',
    zipCode: '28009',
    taxNum: 'ESB12345678',
    remark: '',
    userType: 'Enduser',
  },
  {
    partnerId: '3102345678901234567',
    email: 'it@nordlyshotels.example',
    firstName: 'Jonas',
    lastName: 'Berg',
    company: 'Nordlys Hotels AS',
    phoneNumber: '+47 55 55 01 77',
    country: 'Norway',
    stateProvince: 'Vestland',
    city: 'Bergen',
    street: 'Bryggen 15',
    zipCode: '5003',
    taxNum: 'NO923456789MVA',
    remark: 'Hotel chain, 6 sites',
    userType: 'Enduser',
  },
  {
    partnerId: '3113456789012345678',
    email: 'priya.nair@lotusclinics.example',
    firstName: 'Priya',
    lastName: 'Nair',
    company: 'Lotus Clinics Pvt Ltd',
    phoneNumber: '+91 80 5550 1188',
    country: 'India',
    stateProvince: 'Karnataka',
    city: 'Bengaluru',
    street: '21 Residency Road',
    zipCode: '560025',
    taxNum: '29ABCDE1234F1Z5',
    remark: '',
    userType: 'Enduser',
  },
  {
    // A new customer: holds nothing yet, so nothing can be renewed for it.
    partnerId: '3124567890123456789',
    email: 'office@fjorddental.example',
    firstName: 'Ingrid',
    lastName: 'Dahl',
    company: 'Fjord Dental AS',
    phoneNumber: '+47 22 55 01 90',
    country: 'Norway',
    stateProvince: 'Oslo',
    city: 'Oslo',
    street: 'Karl Johans gate 7',
    zipCode: '0154',
    taxNum: '',
    remark: 'Signed in November',
    userType: 'Enduser',
  },
];

export interface Offer {
  id: string;
  name: string;
}

export interface ProductSeed {
  productId: number;
  name: string;
  /** Sold per device: purchase_product_info and orders need the PBX serial number (productNo). */
  perDevice: boolean;
  /** From the lowest plan to the highest: a switch to a later one is an upgrade. */
  plans: readonly Offer[];
  services: readonly Offer[];
}

export const PRODUCTS: readonly ProductSeed[] = [
  {
    productId: 9,
    name: 'Linkus Cloud Service',
    perDevice: true,
    plans: [
      // The guide's older copy prints both IDs.
      { id: '3048918321840570368', name: 'Linkus Cloud Service' },
      { id: '3048918719332507648', name: 'Linkus Cloud Service Pro' },
    ],
    services: [],
  },
  {
    productId: 11,
    name: 'P-Series Plan for Appliance Edition',
    perDevice: true,
    plans: [
      { id: '3048558946648207360', name: 'Standard Plan' },
      { id: '3048560232537899008', name: 'Enterprise Plan' },
      { id: '3048560606464323584', name: 'Ultimate Plan' },
    ],
    services: [
      { id: '3048561234567890176', name: 'Hotel PMS Integration' },
      // "The Service ID for Hotel Module is 3299326068732223488."
      { id: '3299326068732223488', name: 'Hotel Module' },
    ],
  },
  {
    productId: 12,
    name: 'Software PBX (PSE Self-hosted)',
    perDevice: false,
    plans: [
      { id: '3048565011122233344', name: 'Enterprise Plan' },
      { id: '3048565433344455680', name: 'Ultimate Plan' },
    ],
    services: [
      { id: '3048566011223344128', name: 'Extension Expansion' },
      { id: '3048566122334455296', name: 'Concurrent Call Expansion' },
      { id: '3048566233445566464', name: 'Hot Standby' },
      { id: '3048566344556677632', name: 'Disaster Recovery' },
      { id: '3048566455667788800', name: 'Hotel PMS Integration' },
      { id: '3048566566778899968', name: 'Outbound Call Center' },
    ],
  },
  {
    productId: 13,
    name: 'Cloud PBX (PCE Instance)',
    perDevice: false,
    plans: [
      { id: '3048571730026938368', name: 'Enterprise Plan' },
      { id: '3048572026291630080', name: 'Ultimate Plan' },
    ],
    services: [
      { id: '3048573516041273344', name: 'Extension Expansion' },
      { id: '3048573759449317376', name: 'Recording Minutes' },
      { id: '3048573935752720384', name: 'High Availability' },
    ],
  },
  {
    productId: 14,
    name: 'P-Series Turnkey Package',
    perDevice: false,
    plans: [{ id: '3048941892189077504', name: 'P-Series Turnkey Package' }],
    services: [
      { id: '3048942310987654144', name: 'Extensions' },
      { id: '3048942533221100032', name: 'Ultimate Plan Extensions' },
      { id: '3048942755443322880', name: 'Call Recording Minutes' },
      { id: '3048942977665544704', name: 'Transcription Minutes' },
    ],
  },
  {
    productId: 15,
    name: 'Remote Management',
    perDevice: false,
    plans: [{ id: '3102233445566778880', name: 'Remote Management Account' }],
    services: [{ id: '3102233667788990464', name: 'Additional Connections' }],
  },
  {
    productId: 19,
    name: 'Add-on Service',
    perDevice: false,
    plans: [],
    services: [
      { id: '3341069876543210496', name: 'PCE White Label' },
      { id: '3341070123456789504', name: 'PSE White Label' },
      { id: '3341070434683027456', name: 'YCM White Label' },
    ],
  },
  {
    productId: 20,
    name: 'Remote Management Premium',
    perDevice: false,
    plans: [],
    services: [{ id: '3375818821640175616', name: 'Remote Management Premium' }],
  },
  {
    productId: 21,
    name: 'RM Premium',
    perDevice: false,
    plans: [],
    services: [{ id: '3375819276601303040', name: 'RM Premium' }],
  },
];

export type ActivationStatus = 'unknown' | 'unactivated' | 'activated';

/** A purchased instance: a PBX, or an account-level subscription (productNo = the owner's ID). */
export interface InstanceSeed {
  instanceId: string;
  productId: number;
  productNo: string;
  /** The subordinate user (partnerId) it is assigned to; absent when the account itself owns it. */
  owner?: string;
  activationStatus: ActivationStatus;
  activationCode: string;
  comment: string;
  /**
   * The current plan or service, its count (a PBX plan's: its extensions) and billing cycle: what a
   * renewal must match. A PBX holding services is listed once per plan or service, like an account.
   */
  planId?: string;
  serviceId?: string;
  quantity?: number;
  /** Unused where nothing is held yet (a PBX without a plan). */
  billingCycle?: BillingCycle;
  model?: string;
  createTime: number;
  expireTime: number;
}

const COLOR_LTD = '3076915454489739264';
const NORDLYS = '3102345678901234567';
const LOTUS = '3113456789012345678';

export const INSTANCES: readonly InstanceSeed[] = [
  {
    instanceId: '1259567',
    productId: 11,
    productNo: '3631E0997265',
    activationStatus: 'activated',
    activationCode: 'P5A8-2KQ7-MX4D-9TZC',
    comment: 'Head office',
    planId: '3048558946648207360',
    billingCycle: 'annually',
    model: 'P560',
    createTime: Date.UTC(2024, 2, 11),
    expireTime: Date.UTC(2027, 2, 11),
  },
  {
    instanceId: '1259611',
    productId: 11,
    productNo: '3631E3418911',
    owner: COLOR_LTD,
    activationStatus: 'activated',
    activationCode: 'P5A8-7HN2-QW3E-4RTY',
    comment: 'Color Ltd Madrid',
    planId: '3048560606464323584',
    billingCycle: 'annually',
    model: 'P570',
    createTime: Date.UTC(2024, 5, 3),
    expireTime: Date.UTC(2027, 5, 3),
  },
  {
    instanceId: '1260040',
    productId: 11,
    productNo: '3631E5520873',
    activationStatus: 'unactivated',
    activationCode: '',
    comment: 'Spare unit',
    model: 'P550',
    createTime: Date.UTC(2025, 8, 20),
    expireTime: 0,
  },
  {
    instanceId: '1301522',
    productId: 9,
    productNo: '3630D1764402',
    activationStatus: 'activated',
    activationCode: 'S4L1-8FG3-KD2M-7PQA',
    comment: 'S-Series at the warehouse',
    planId: '3048918321840570368',
    billingCycle: 'annually',
    model: 'S412',
    createTime: Date.UTC(2023, 10, 7),
    expireTime: Date.UTC(2027, 0, 31),
  },
  {
    instanceId: '1402218',
    productId: 12,
    productNo: '3658B4311196A2C1',
    activationStatus: 'activated',
    activationCode: 'PSE1-4XW9-TT6B-2LKM',
    comment: 'Self-hosted, data centre',
    planId: '3048565011122233344',
    quantity: 50,
    billingCycle: 'annually',
    createTime: Date.UTC(2024, 0, 15),
    expireTime: Date.UTC(2027, 0, 15),
  },
  {
    instanceId: '1517730',
    productId: 13,
    productNo: '3658B4311196D7E5',
    owner: NORDLYS,
    activationStatus: 'activated',
    activationCode: 'PCE1-9MZ4-RB7Q-5HVN',
    comment: 'nordlys.ras.yeastar.com',
    planId: '3048572026291630080',
    quantity: 120,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 1, 1),
    expireTime: Date.UTC(2027, 1, 1),
  },
  {
    instanceId: '1948832',
    productId: 14,
    productNo: ACCOUNT.ucId,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    planId: '3048941892189077504',
    quantity: 100,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 3, 1),
    expireTime: Date.UTC(2027, 3, 1),
  },
  {
    // The Turnkey account's Extensions service, renewed with its plan (plan-and-service renewal).
    instanceId: '1948795',
    productId: 14,
    productNo: ACCOUNT.ucId,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    serviceId: '3048942310987654144',
    quantity: 20,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 3, 1),
    expireTime: Date.UTC(2027, 3, 1),
  },
  {
    instanceId: '1948901',
    productId: 14,
    productNo: NORDLYS,
    owner: NORDLYS,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    planId: '3048941892189077504',
    quantity: 40,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 6, 12),
    expireTime: Date.UTC(2026, 11, 12),
  },
  {
    instanceId: '1946720',
    productId: 19,
    productNo: ACCOUNT.ucId,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    serviceId: '3341070434683027456',
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 4, 20),
    expireTime: Date.UTC(2027, 4, 20),
  },
  {
    instanceId: '1946725',
    productId: 19,
    productNo: COLOR_LTD,
    owner: COLOR_LTD,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    serviceId: '3341069876543210496',
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 1, 28),
    expireTime: Date.UTC(2027, 1, 28),
  },
  {
    instanceId: '1946711',
    productId: 21,
    productNo: ACCOUNT.ucId,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    serviceId: '3375819276601303040',
    quantity: 10,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 4, 19),
    expireTime: Date.UTC(2027, 4, 19),
  },
  {
    instanceId: '1946980',
    productId: 21,
    productNo: LOTUS,
    owner: LOTUS,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    serviceId: '3375819276601303040',
    quantity: 25,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 9, 2),
    expireTime: Date.UTC(2026, 9, 2),
  },
  // Added for the guide's other scenarios: a plan or service for each, on a PBX or an account.
  {
    // An S-Series PBX without Linkus Cloud Service yet (T1).
    instanceId: '1301540',
    productId: 9,
    productNo: '3630D2208815',
    activationStatus: 'activated',
    activationCode: 'S4L1-2RT6-WN8C-3JXB',
    comment: 'Reception S20',
    model: 'S20',
    createTime: Date.UTC(2025, 4, 4),
    expireTime: 0,
  },
  {
    instanceId: '1301577',
    productId: 9,
    productNo: '3630D3379140',
    owner: COLOR_LTD,
    activationStatus: 'activated',
    activationCode: 'S4L1-6YP2-HC9V-1MQE',
    comment: 'Color Ltd Valencia',
    planId: '3048918719332507648',
    billingCycle: 'annually',
    model: 'S50',
    createTime: Date.UTC(2024, 3, 30),
    expireTime: Date.UTC(2027, 3, 30),
  },
  {
    instanceId: '1260105',
    productId: 11,
    productNo: '3631E7730256',
    owner: LOTUS,
    activationStatus: 'activated',
    activationCode: 'P5A8-9JD4-LS6F-8GUW',
    comment: 'Lotus Koramangala clinic',
    planId: '3048560232537899008',
    billingCycle: 'monthly',
    model: 'P570',
    createTime: Date.UTC(2025, 10, 20),
    expireTime: Date.UTC(2026, 11, 20),
  },
  {
    instanceId: '1402250',
    productId: 12,
    productNo: '3658B4311196B3F8',
    owner: LOTUS,
    activationStatus: 'activated',
    activationCode: 'PSE1-7QH3-ZV5N-6DRA',
    comment: 'Lotus Bengaluru data centre',
    planId: '3048565433344455680',
    quantity: 30,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 2, 3),
    expireTime: Date.UTC(2027, 2, 3),
  },
  {
    // Its Hot Standby service: renewed together with the plan (T10).
    instanceId: '1402251',
    productId: 12,
    productNo: '3658B4311196B3F8',
    owner: LOTUS,
    activationStatus: 'activated',
    activationCode: 'PSE1-7QH3-ZV5N-6DRA',
    comment: 'Lotus Bengaluru data centre',
    serviceId: '3048566233445566464',
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 2, 3),
    expireTime: Date.UTC(2027, 2, 3),
  },
  {
    // Billed monthly: a switch to Ultimate keeps that (T11).
    instanceId: '1402290',
    productId: 12,
    productNo: '3658B4311196C9A0',
    owner: NORDLYS,
    activationStatus: 'activated',
    activationCode: 'PSE1-3KB8-TY2W-9PLC',
    comment: 'Nordlys booking server',
    planId: '3048565011122233344',
    quantity: 20,
    billingCycle: 'monthly',
    createTime: Date.UTC(2025, 8, 9),
    expireTime: Date.UTC(2026, 11, 9),
  },
  {
    instanceId: '1517731',
    productId: 13,
    productNo: '3658B4311196D7E5',
    owner: NORDLYS,
    activationStatus: 'activated',
    activationCode: 'PCE1-9MZ4-RB7Q-5HVN',
    comment: 'nordlys.ras.yeastar.com',
    serviceId: '3048573759449317376',
    quantity: 1000,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 1, 1),
    expireTime: Date.UTC(2027, 1, 1),
  },
  {
    // 480 extensions: 20 short of a Cloud PBX's 500 (T17).
    instanceId: '1517790',
    productId: 13,
    productNo: '3658B4311196E4F2',
    activationStatus: 'activated',
    activationCode: 'PCE1-5TG7-MC3X-2WKD',
    comment: 'harbortel.ras.yeastar.com',
    planId: '3048571730026938368',
    quantity: 480,
    billingCycle: 'monthly',
    createTime: Date.UTC(2025, 5, 16),
    expireTime: Date.UTC(2026, 11, 16),
  },
  {
    instanceId: '1948960',
    productId: 14,
    productNo: LOTUS,
    owner: LOTUS,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    planId: '3048941892189077504',
    quantity: 30,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 7, 1),
    expireTime: Date.UTC(2026, 7, 1),
  },
  {
    instanceId: '1948961',
    productId: 14,
    productNo: LOTUS,
    owner: LOTUS,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    serviceId: '3048942755443322880',
    quantity: 500,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 7, 1),
    expireTime: Date.UTC(2026, 7, 1),
  },
  {
    // Remote Management: the count is its connections.
    instanceId: '1950100',
    productId: 15,
    productNo: ACCOUNT.ucId,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    planId: '3102233445566778880',
    quantity: 50,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 0, 10),
    expireTime: Date.UTC(2027, 0, 10),
  },
  {
    instanceId: '1950140',
    productId: 15,
    productNo: LOTUS,
    owner: LOTUS,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    planId: '3102233445566778880',
    quantity: 10,
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 9, 2),
    expireTime: Date.UTC(2026, 9, 2),
  },
  {
    instanceId: '1946760',
    productId: 19,
    productNo: NORDLYS,
    owner: NORDLYS,
    activationStatus: 'activated',
    activationCode: '',
    comment: '',
    serviceId: '3341070123456789504',
    billingCycle: 'annually',
    createTime: Date.UTC(2025, 6, 12),
    expireTime: Date.UTC(2026, 11, 12),
  },
];

/** A price per unit (a PBX, an extension, a connection…) for one billing cycle, in US cents. */
export type UnitPrices = Partial<Record<BillingCycle, number>>;

/** The account's price list, by plan or service ID, in USD: what the plan and add-on information endpoints quote. */
export const PRICE_LIST: Readonly<Record<string, UnitPrices>> = {
  // Linkus Cloud Service, per PBX
  '3048918321840570368': { annually: 2_400 },
  '3048918719332507648': { monthly: 500, annually: 4_800 },
  // Appliance plans, per PBX; the hotel services are bought once
  '3048558946648207360': { monthly: 1_500, annually: 15_000 },
  '3048560232537899008': { monthly: 2_500, annually: 25_000 },
  '3048560606464323584': { monthly: 3_500, annually: 35_000 },
  '3048561234567890176': { once: 29_900 },
  '3299326068732223488': { once: 19_900 },
  // Software PBX, per extension where counted
  '3048565011122233344': { monthly: 300, annually: 3_000 },
  '3048565433344455680': { monthly: 450, annually: 4_500 },
  '3048566011223344128': { monthly: 300, annually: 3_000 },
  '3048566122334455296': { monthly: 200, annually: 2_000 },
  '3048566233445566464': { monthly: 2_000, annually: 20_000 },
  '3048566344556677632': { monthly: 2_500, annually: 25_000 },
  '3048566455667788800': { monthly: 1_000, annually: 10_000 },
  '3048566566778899968': { monthly: 1_500, annually: 15_000 },
  // Cloud PBX, per extension where counted
  '3048571730026938368': { monthly: 350, annually: 3_500 },
  '3048572026291630080': { monthly: 500, annually: 5_000 },
  '3048573516041273344': { once: 3_500, monthly: 350, annually: 3_500 },
  '3048573759449317376': { once: 1_000, monthly: 100, annually: 1_000 },
  '3048573935752720384': { monthly: 150, annually: 1_500 },
  // Turnkey Package, per extension or per block of minutes
  '3048941892189077504': { monthly: 400, annually: 4_000 },
  '3048942310987654144': { once: 4_000, monthly: 400, annually: 4_000 },
  '3048942533221100032': { once: 6_000, monthly: 600, annually: 6_000 },
  '3048942755443322880': { once: 1_000, monthly: 100, annually: 1_000 },
  '3048942977665544704': { once: 2_000, monthly: 200, annually: 2_000 },
  // Remote Management; connections are bought once
  '3102233445566778880': { monthly: 1_000, annually: 10_000 },
  '3102233667788990464': { once: 500 },
  // White labels, per account
  '3341069876543210496': { monthly: 5_000, annually: 50_000 },
  '3341070123456789504': { monthly: 4_000, annually: 40_000 },
  '3341070434683027456': { annually: 30_000 },
  // RM Premium, per connection
  '3375818821640175616': { annually: 2_000 },
  '3375819276601303040': { annually: 2_000 },
};
