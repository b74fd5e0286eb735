/** The Rotation page (being built): every key's rotation state from rotation:overview. */
import { useQuery } from '@tanstack/react-query';
import { rotationQueries } from '../../ipc/rotation-queries';
import { errorMessage } from '../../ipc/signet-client';

export function RotationPage() {
  const overview = useQuery(rotationQueries.overview());
  if (overview.isError) return <p>{errorMessage(overview.error)}</p>;
  return (
    <ul>
      {(overview.data?.keys ?? []).map((k) => (
        <li key={k.entryId}>
          {k.label}: {k.state.reason}
        </li>
      ))}
    </ul>
  );
}
