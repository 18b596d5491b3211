// The engagement's pure rules and catalogues, the same code the API and the workflow run: the
// editor's totals are the ones the API will compute, the form's choices the ones it accepts.
export { quoteTotals, type QuoteLine } from '../../../../../domain/quote';
export { leadSourceLabels, leadSources, serviceCategories, serviceCategoryLabels } from '../../../../../domain/leads';
