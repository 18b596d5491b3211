/** One queue for the business processes; activities that talk to people share it for now. */
export const processTaskQueue = 'business-processes';
