// The JSON of the engagement process's routes, named for the UI as ../contract.ts names the
// platform's: types only, each taken from the code that builds it.
import type { Answer } from '../answer.ts';
import type { clientRoutes } from './clients/routes.ts';
import type { documentRoutes } from './documents/routes.ts';

export type ClientsPage = Answer<typeof clientRoutes, '/', '$get'>;
export type ClientDetail = Answer<typeof clientRoutes, '/:id', '$get'>;
export type ClientContact = ClientDetail['contacts'][number];
export type ClientFollowUp = ClientDetail['followUps'][number];
export type ClientInteraction = ClientDetail['interactions'][number];

export type DocumentsAnswer = Answer<typeof documentRoutes, '/', '$get'>;
export type DocumentListed = DocumentsAnswer['documents'][number];
export type DocumentOwnerType = DocumentListed['ownerType'];
