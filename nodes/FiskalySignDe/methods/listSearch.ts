/** "From list" search for the TSS and Client locators (shared with the other fiskaly nodes). */
export { searchClients, searchTss } from '../../shared/listSearch';
