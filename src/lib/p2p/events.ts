/** Something that happened on the network, for the diagnostics log. */
export interface NetworkEvent {
	at: number;
	kind:
		| 'relay-connecting'
		| 'relay-connected'
		| 'relay-failed'
		| 'relay-lost'
		| 'relay-refused'
		| 'discovered'
		| 'dialing'
		| 'direct'
		| 'dial-failed'
		| 'synced'
		| 'sync-failed'
		| 'rejected'
		| 'storage-failed';
	peer?: string;
	detail?: string;
}

export type NetworkEventSink = (event: Omit<NetworkEvent, 'at'>) => void;
