/** The console's frame: the menu and the page the current route names. */
import { Nav } from "./components/nav.tsx";
import { GroupPage } from "./pages/group.tsx";
import { GroupsPage } from "./pages/groups.tsx";
import { MemoryPage } from "./pages/memory.tsx";
import { OverviewPage } from "./pages/overview.tsx";
import { SettingsPage } from "./pages/settings.tsx";
import { TopicPage } from "./pages/topic.tsx";
import { TopicsPage } from "./pages/topics.tsx";
import { href, route } from "./router.ts";

function CurrentPage() {
  const r = route.value;
  switch (r.page) {
    case "overview":
      return <OverviewPage />;
    case "topics":
      return <TopicsPage />;
    case "topic":
      return <TopicPage key={r.name} name={r.name} />;
    case "groups":
      return <GroupsPage />;
    case "group":
      return <GroupPage key={r.id} id={r.id} />;
    case "memory":
      return <MemoryPage />;
    case "settings":
      return <SettingsPage />;
    case "missing":
      return (
        <section class="page">
          <h1>Not found</h1>
          <p>
            No page at <code>{r.path}</code>. <a href={href({ page: "overview" })}>Overview</a>
          </p>
        </section>
      );
  }
}

export function App() {
  return (
    <div class="shell">
      <Nav />
      <main>
        <CurrentPage />
      </main>
    </div>
  );
}
