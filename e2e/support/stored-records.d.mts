export function storedRecords(): Promise<number>;
