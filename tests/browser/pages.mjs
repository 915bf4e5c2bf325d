// One page of every type in the bundled library, as [name, path]. The axe test and
// the screenshots go through this list; add a row when a new page type lands.
export const PAGES = [
  ["home", "/"],
  ["case", "/fall/vara/"],
  ["factor", "/faktorer/kultur/"],
  ["factors", "/faktorer/"],
  ["step", "/steg/myllstimulans/"],
  ["steps", "/steg/"],
  ["municipality", "/kommuner/vara/"],
  ["municipalities", "/kommuner/"],
  ["listing", "/fall/"],
  ["listing by year", "/fall/ar/2013/"],
  ["page", "/tillganglighet/"],
  ["404", "/finns-inte/"],
  ["search with results", "/sok/?q=innovation&faktor=ledarskap"],
  ["handout", "/faktorer/kultur/utskrift/"],
  ["self-assessment", "/sjalvskattning/"],
  ["self-assessment group", "/sjalvskattning/grupp/"],
  ["data", "/data/"],
  // compare: with cases (from the address alone) and empty
  ["compare", "/jamfor/?fall=vara,botkyrka,kalix"],
  ["compare empty", "/jamfor/"],
  ["selection", "/urval/?fall=vara,botkyrka,kalix"],
  ["selection empty", "/urval/"],
  // Workshop collections.
  ["collections", "/samlingar/"],
  ["collection", "/samlingar/ledarskap-och-tillit/"],
];
