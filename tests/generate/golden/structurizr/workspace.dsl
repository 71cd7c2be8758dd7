workspace "ShopNow - e-commerce platform" "A mid-size online retailer moving from a growing modular monolith to microservices ahead of a 3x traffic increase. Shoppers browse and search a catalogue of about 400,000 SKUs, get recommendations, keep a cart, check out with card payments through a payment service provider, and follow their shipments. Merchandisers manage products and stock; analysts report on sales." {
    model {
        user = person "User" "Someone using ShopNow - e-commerce platform"
        system = softwareSystem "ShopNow - e-commerce platform" "A mid-size online retailer moving from a growing modular monolith to microservices ahead of a 3x traffic increase. Shoppers browse and search a catalogue of about 400,000 SKUs, get recommendations, keep a cart, check out with card payments through a payment service provider, and follow their shipments. Merchandisers manage products and stock; analysts report on sales." "Designed with designkit" {
            group "Catalog" {
                svc_product_catalog = container "product-catalog" "Products, variants and prices; the product page API." "java, spring-boot" "Service"
                svc_image = container "image" "Product image upload, resizing and storage in S3 (served by the CDN)." "go, chi" "Service"
                db_catalog_db = container "catalog-db" "Primary store of product-catalog" "postgresql" "Database"
                db_image_bucket = container "image-bucket" "Objects store of image" "s3" "Database"
            }
            group "Discovery" {
                svc_recommendation = container "recommendation" "\"Bought together\" and personalised product rails from precomputed affinities." "python, fastapi" "Service"
                svc_search = container "search" "Product search on Elasticsearch, indexed from catalogue, stock and review events." "java, spring-boot" "Service"
                db_search_index = container "search-index" "Search store of search" "elasticsearch" "Database"
                db_recommendation_store = container "recommendation-store" "Cache store of recommendation" "redis" "Database"
            }
            group "Ordering" {
                svc_cart = container "cart" "Shopping carts of guests and customers, kept in Redis." "java, spring-boot" "Service"
                svc_order = container "order" "Checkout and order lifecycle; orchestrator of the order saga." "java, spring-boot" "Service"
                db_cart_store = container "cart-store" "Primary store of cart" "redis" "Database"
                db_order_db = container "order-db" "Primary store of order" "postgresql" "Database"
            }
            group "Payments" {
                svc_payment = container "payment" "Card payments through the PSP; the only service in the cardholder data env." "java, spring-boot" "Service"
                db_payment_db = container "payment-db" "Primary store of payment" "postgresql" "Database"
            }
            group "Inventory" {
                svc_inventory = container "inventory" "Stock levels and reservations; the source of truth for availability." "go, grpc-go" "Service"
                db_inventory_db = container "inventory-db" "Primary store of inventory" "postgresql" "Database"
                db_inventory_cache = container "inventory-cache" "Cache store of inventory" "redis" "Database"
            }
            group "Fulfilment" {
                svc_shipping = container "shipping" "Shipments, carrier labels and tracking." "go, chi" "Service"
                db_shipping_db = container "shipping-db" "Primary store of shipping" "postgresql" "Database"
            }
            group "Customer" {
                svc_user = container "user" "Customer profiles, addresses and GDPR requests." "kotlin, spring-boot" "Service"
                db_user_db = container "user-db" "Primary store of user" "postgresql" "Database"
            }
            group "Reviews" {
                svc_review = container "review" "Ratings and reviews, moderation and verified-purchase badges." "kotlin, spring-boot" "Service"
                db_review_db = container "review-db" "Primary store of review" "postgresql" "Database"
            }
            group "Identity" {
                svc_auth = container "auth" "OIDC provider (Keycloak) for customers and staff; issues JWTs, publishes the JWKS." "java, keycloak" "Platform"
                db_auth_db = container "auth-db" "Primary store of auth" "postgresql" "Database"
            }
            group "Notifications" {
                svc_notification = container "notification" "Sends e-mails and SMS for order, payment, shipping and account events." "kotlin, spring-boot" "Worker"
                db_notification_db = container "notification-db" "Primary store of notification" "postgresql" "Database"
            }
            group "Analytics" {
                svc_analytics = container "analytics" "Streams events into ClickHouse and serves sales and funnel reports." "python, fastapi" "Service"
                db_analytics_warehouse = container "analytics-warehouse" "Analytics store of analytics" "clickhouse" "Database"
            }
            svc_gateway = container "gateway" "Kong API gateway; the only entry point from the internet (behind the CDN/WAF)." "lua, kong" "Gateway"
            topic_order_events = container "order-events" "12 partitions, keyed by order_id" "Kafka" "Topic"
            topic_payment_commands = container "payment-commands" "12 partitions, keyed by order_id" "Kafka" "Topic"
            topic_payment_events = container "payment-events" "12 partitions, keyed by order_id" "Kafka" "Topic"
            topic_inventory_commands = container "inventory-commands" "12 partitions, keyed by order_id" "Kafka" "Topic"
            topic_inventory_events = container "inventory-events" "12 partitions, keyed by sku" "Kafka" "Topic"
            topic_shipping_commands = container "shipping-commands" "6 partitions, keyed by order_id" "Kafka" "Topic"
            topic_shipping_events = container "shipping-events" "6 partitions, keyed by order_id" "Kafka" "Topic"
            topic_product_events = container "product-events" "12 partitions, keyed by product_id" "Kafka" "Topic"
            topic_user_events = container "user-events" "6 partitions, keyed by customer_id" "Kafka" "Topic"
            topic_review_events = container "review-events" "6 partitions, keyed by product_id" "Kafka" "Topic"
            topic_clickstream = container "clickstream" "24 partitions, keyed by session_id" "Kafka" "Topic"
            topic_image_events = container "image-events" "3 partitions, keyed by product_id" "Kafka" "Topic"
            topic_dead_letter = container "dead-letter" "3 partitions, keyed by source_topic" "Kafka" "Topic"
        }
        user -> svc_gateway "Uses" "HTTPS"
        svc_gateway -> svc_auth "Calls" "REST"
        svc_gateway -> svc_user "Calls" "REST"
        svc_gateway -> svc_product_catalog "Calls" "REST"
        svc_gateway -> svc_search "Calls" "REST"
        svc_gateway -> svc_recommendation "Calls" "REST"
        svc_gateway -> svc_cart "Calls" "REST"
        svc_gateway -> svc_order "Calls" "REST"
        svc_gateway -> svc_review "Calls" "REST"
        svc_gateway -> svc_shipping "Calls" "REST"
        svc_gateway -> svc_image "Calls" "REST"
        svc_gateway -> svc_notification "Calls" "REST"
        svc_gateway -> svc_inventory "Calls" "REST"
        svc_gateway -> svc_analytics "Calls" "REST"
        svc_gateway -> svc_payment "Calls" "REST"
        svc_auth -> db_auth_db "Reads from and writes to" "postgresql"
        svc_user -> db_user_db "Reads from and writes to" "postgresql"
        svc_product_catalog -> svc_inventory "Calls" "gRPC"
        svc_product_catalog -> db_catalog_db "Reads from and writes to" "postgresql"
        svc_inventory -> db_inventory_db "Reads from and writes to" "postgresql"
        svc_inventory -> db_inventory_cache "Reads from and writes to" "redis"
        svc_cart -> svc_product_catalog "Calls" "gRPC"
        svc_cart -> db_cart_store "Reads from and writes to" "redis"
        svc_order -> svc_cart "Reads the cart once per checkout; checkout fails fast without it." "gRPC"
        svc_order -> db_order_db "Reads from and writes to" "postgresql"
        svc_payment -> db_payment_db "Reads from and writes to" "postgresql"
        svc_shipping -> db_shipping_db "Reads from and writes to" "postgresql"
        svc_notification -> db_notification_db "Reads from and writes to" "postgresql"
        svc_recommendation -> svc_product_catalog "Calls" "gRPC"
        svc_recommendation -> db_recommendation_store "Reads from and writes to" "redis"
        svc_review -> db_review_db "Reads from and writes to" "postgresql"
        svc_search -> db_search_index "Reads from and writes to" "elasticsearch"
        svc_analytics -> db_analytics_warehouse "Reads from and writes to" "clickhouse"
        svc_image -> db_image_bucket "Reads from and writes to" "s3"
        svc_order -> topic_order_events "Publishes to" "Kafka"
        svc_notification -> topic_order_events "Subscribes to" "Kafka"
        svc_cart -> topic_order_events "Subscribes to" "Kafka"
        svc_review -> topic_order_events "Subscribes to" "Kafka"
        svc_recommendation -> topic_order_events "Subscribes to" "Kafka"
        svc_analytics -> topic_order_events "Subscribes to" "Kafka"
        svc_order -> topic_payment_commands "Publishes to" "Kafka"
        svc_payment -> topic_payment_commands "Subscribes to" "Kafka"
        svc_payment -> topic_payment_events "Publishes to" "Kafka"
        svc_order -> topic_payment_events "Subscribes to" "Kafka"
        svc_notification -> topic_payment_events "Subscribes to" "Kafka"
        svc_analytics -> topic_payment_events "Subscribes to" "Kafka"
        svc_order -> topic_inventory_commands "Publishes to" "Kafka"
        svc_inventory -> topic_inventory_commands "Subscribes to" "Kafka"
        svc_inventory -> topic_inventory_events "Publishes to" "Kafka"
        svc_order -> topic_inventory_events "Subscribes to" "Kafka"
        svc_product_catalog -> topic_inventory_events "Subscribes to" "Kafka"
        svc_search -> topic_inventory_events "Subscribes to" "Kafka"
        svc_order -> topic_shipping_commands "Publishes to" "Kafka"
        svc_shipping -> topic_shipping_commands "Subscribes to" "Kafka"
        svc_shipping -> topic_shipping_events "Publishes to" "Kafka"
        svc_order -> topic_shipping_events "Subscribes to" "Kafka"
        svc_notification -> topic_shipping_events "Subscribes to" "Kafka"
        svc_analytics -> topic_shipping_events "Subscribes to" "Kafka"
        svc_product_catalog -> topic_product_events "Publishes to" "Kafka"
        svc_search -> topic_product_events "Subscribes to" "Kafka"
        svc_recommendation -> topic_product_events "Subscribes to" "Kafka"
        svc_cart -> topic_product_events "Subscribes to" "Kafka"
        svc_analytics -> topic_product_events "Subscribes to" "Kafka"
        svc_user -> topic_user_events "Publishes to" "Kafka"
        svc_notification -> topic_user_events "Subscribes to" "Kafka"
        svc_review -> topic_user_events "Subscribes to" "Kafka"
        svc_analytics -> topic_user_events "Subscribes to" "Kafka"
        svc_review -> topic_review_events "Publishes to" "Kafka"
        svc_product_catalog -> topic_review_events "Subscribes to" "Kafka"
        svc_search -> topic_review_events "Subscribes to" "Kafka"
        svc_analytics -> topic_review_events "Subscribes to" "Kafka"
        svc_product_catalog -> topic_clickstream "Publishes to" "Kafka"
        svc_search -> topic_clickstream "Publishes to" "Kafka"
        svc_analytics -> topic_clickstream "Subscribes to" "Kafka"
        svc_recommendation -> topic_clickstream "Subscribes to" "Kafka"
        svc_image -> topic_image_events "Publishes to" "Kafka"
        svc_product_catalog -> topic_image_events "Subscribes to" "Kafka"
    }
    views {
        systemContext system "context" "System context" {
            include *
            autoLayout
        }
        container system "containers" "Containers" {
            include *
            autoLayout lr
        }
        dynamic system "journey-browse-catalog" "browse-catalog: Category pages and product pages." {
            user -> svc_gateway "browse-catalog"
            svc_gateway -> svc_product_catalog "Route catalog-products"
            svc_product_catalog -> svc_inventory "Calls"
            autoLayout lr
        }
        dynamic system "journey-search-products" "search-products: Search box and type-ahead." {
            user -> svc_gateway "search-products"
            svc_gateway -> svc_search "Route search"
            autoLayout lr
        }
        dynamic system "journey-view-recommendations" "view-recommendations: Recommendation rails on home, product and cart pages." {
            user -> svc_gateway "view-recommendations"
            svc_gateway -> svc_recommendation "Route recommendations"
            svc_recommendation -> svc_product_catalog "Calls"
            svc_product_catalog -> svc_inventory "Calls"
            autoLayout lr
        }
        dynamic system "journey-manage-cart" "manage-cart: View the cart, add and remove items." {
            user -> svc_gateway "manage-cart"
            svc_gateway -> svc_cart "Route carts"
            svc_cart -> svc_product_catalog "Calls"
            svc_product_catalog -> svc_inventory "Calls"
            autoLayout lr
        }
        dynamic system "journey-checkout" "checkout: Place the order (202 Accepted); payment and shipping follow in the saga." {
            user -> svc_gateway "checkout"
            svc_gateway -> svc_order "Route orders"
            svc_order -> svc_cart "Calls"
            autoLayout lr
        }
        dynamic system "journey-view-order" "view-order: Order history and order status." {
            user -> svc_gateway "view-order"
            svc_gateway -> svc_order "Route orders"
            autoLayout lr
        }
        dynamic system "journey-track-shipment" "track-shipment" {
            user -> svc_gateway "track-shipment"
            svc_gateway -> svc_shipping "Route shipments"
            autoLayout lr
        }
        dynamic system "journey-read-reviews" "read-reviews" {
            user -> svc_gateway "read-reviews"
            svc_gateway -> svc_review "Route reviews-read"
            autoLayout lr
        }
        dynamic system "journey-sign-in" "sign-in" {
            user -> svc_gateway "sign-in"
            svc_gateway -> svc_auth "Route auth-token"
            autoLayout lr
        }
        dynamic system "journey-manage-account" "manage-account: Profile, addresses, GDPR requests." {
            user -> svc_gateway "manage-account"
            svc_gateway -> svc_user "Route users-me"
            autoLayout lr
        }
        styles {
            element "Person" {
                shape person
            }
            element "Database" {
                shape cylinder
            }
            element "Topic" {
                shape pipe
            }
            element "Gateway" {
                shape hexagon
            }
            element "Frontend" {
                shape webbrowser
            }
        }
    }
}
