import LanternServer
print("lantern")
