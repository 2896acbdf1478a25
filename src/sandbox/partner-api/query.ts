import type { Page } from '../../yeastar/schemas';
import { invalidParameter } from './envelope';

export function requiredText(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (!value) throw invalidParameter(name, 'required', `${name} is required`);
  return value;
}

export function positiveInteger(url: URL, name: string, fallback?: number): number {
  const text = url.searchParams.get(name);
  if (!text) {
    if (fallback === undefined) throw invalidParameter(name, 'required', `${name} is required`);
    return fallback;
  }
  const value = /^\d{1,9}$/.test(text) ? Number(text) : 0;
  if (value < 1) throw invalidParameter(name, 'min', `${name} must be a positive integer, got "${text}"`);
  return value;
}

const MAX_PAGE_SIZE = 100;

/** Paging as Query Order List and Query Product List do it: pageNo/pageSize default to 1/25. */
export function paginate<T>(url: URL, items: readonly T[]): Page<T> {
  const pageNo = positiveInteger(url, 'pageNo', 1);
  const pageSize = positiveInteger(url, 'pageSize', 25);
  if (pageSize > MAX_PAGE_SIZE) {
    throw invalidParameter('pageSize', 'max', `pageSize must be at most ${MAX_PAGE_SIZE}`);
  }
  const start = (pageNo - 1) * pageSize;
  return {
    count: items.length,
    pageNo,
    pageSize,
    results: items.slice(start, start + pageSize),
    total: items.length,
    totalPage: Math.ceil(items.length / pageSize),
  };
}
