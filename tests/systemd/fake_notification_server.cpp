// A stand-in desktop notification server for the end-to-end test: owns
// org.freedesktop.Notifications on the session bus and prints one line per Notify call,
// "notify <app_name> <summary>", flushed at once, so the test can wait for it.

#include <cstdio>
#include <cstdlib>
#include <systemd/sd-bus.h>

namespace {

unsigned next_id = 1;

int get_capabilities(sd_bus_message* m, void*, sd_bus_error*) {
    sd_bus_message* reply = nullptr;
    int r = sd_bus_message_new_method_return(m, &reply);
    char actions[] = "actions";
    char body[] = "body";
    char* capabilities[] = {actions, body, nullptr};
    if (r >= 0)
        r = sd_bus_message_append_strv(reply, capabilities);
    if (r >= 0)
        r = sd_bus_send(nullptr, reply, nullptr);
    sd_bus_message_unref(reply);
    return r;
}

int get_server_information(sd_bus_message* m, void*, sd_bus_error*) {
    return sd_bus_reply_method_return(m, "ssss", "fake", "agendad-tests", "1", "1.2");
}

int notify(sd_bus_message* m, void*, sd_bus_error*) {
    const char* app = nullptr;
    unsigned replaces = 0;
    const char* icon = nullptr;
    const char* summary = nullptr;
    const char* body = nullptr;
    if (const int r = sd_bus_message_read(m, "susss", &app, &replaces, &icon, &summary, &body);
        r < 0)
        return r;
    std::printf("notify %s %s\n", app, summary);
    std::fflush(stdout);
    return sd_bus_reply_method_return(m, "u", replaces != 0 ? replaces : next_id++);
}

int close_notification(sd_bus_message* m, void*, sd_bus_error*) {
    return sd_bus_reply_method_return(m, "");
}

const sd_bus_vtable vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("GetCapabilities", "", "as", get_capabilities, 0),
    SD_BUS_METHOD("GetServerInformation", "", "ssss", get_server_information, 0),
    SD_BUS_METHOD("Notify", "susssasa{sv}i", "u", notify, 0),
    SD_BUS_METHOD("CloseNotification", "u", "", close_notification, 0),
    SD_BUS_SIGNAL("NotificationClosed", "uu", 0),
    SD_BUS_SIGNAL("ActionInvoked", "us", 0),
    SD_BUS_VTABLE_END};

} // namespace

int main() {
    sd_bus* bus = nullptr;
    sd_bus_slot* slot = nullptr;
    int r = sd_bus_open_user(&bus);
    if (r >= 0)
        r = sd_bus_add_object_vtable(bus, &slot, "/org/freedesktop/Notifications",
                                     "org.freedesktop.Notifications", vtable, nullptr);
    if (r >= 0)
        r = sd_bus_request_name(bus, "org.freedesktop.Notifications", 0);
    if (r < 0) {
        std::fprintf(stderr, "fake_notification_server: cannot serve: %d\n", r);
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    for (;;) {
        r = sd_bus_process(bus, nullptr);
        if (r < 0)
            return 1;
        if (r == 0 && sd_bus_wait(bus, UINT64_MAX) < 0)
            return 1;
    }
}
