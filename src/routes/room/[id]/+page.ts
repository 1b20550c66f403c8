import { isValidRoomId } from '$lib/p2p/topics';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => ({
	roomId: params.id,
	validRoomId: isValidRoomId(params.id)
});
