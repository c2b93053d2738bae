export { AssetInventory, parseRange, type AssetEntry, type AssetInfo, type AssetKey } from './asset-inventory';
export { INVENTORY_FORMATS, InventoryError, inventoryFormatOf, parseInventory, type InventoryFormat } from './parse-inventory';
export { assetTags, enrichWithAsset } from './enrich-event';
